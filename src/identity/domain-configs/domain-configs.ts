/*
 * Domain-specific identity configuration, as Keystone's domain config API: a domain may carry
 * its own `[identity]` and `[ldap]` settings. Stratus stores and serves them; it has no LDAP
 * identity backend, so nothing acts on them. Sensitive options (the LDAP password) are stored
 * but never shown.
 */

import type { Kysely } from 'kysely';
import type { DomainConfigTable, IdentitySchema } from '../db/schema.js';
import { domainNotFound } from '../resources/errors.js';
import { assertSupported, configNotFound, invalidConfig, isSensitive } from './options.js';

type Db = Kysely<IdentitySchema>;

/** A domain's configuration: options by group, e.g. `{ldap: {url: 'ldap://...'}}`. */
export type DomainConfig = Record<string, Record<string, unknown>>;

async function assertDomainExists(db: Db, domainId: string): Promise<void> {
  const domain = await db.selectFrom('domain').select('id').where('id', '=', domainId).executeTakeFirst();
  if (!domain) throw domainNotFound(domainId);
}

async function configRows(
  db: Db,
  domainId: string,
  filter: { group?: string; option?: string; withSensitive: boolean },
): Promise<DomainConfigTable[]> {
  let query = db
    .selectFrom('domain_config')
    .selectAll()
    .where('domain_id', '=', domainId)
    .orderBy('group_name')
    .orderBy('option_name');
  if (!filter.withSensitive) query = query.where('sensitive', '=', 0);
  if (filter.group !== undefined) query = query.where('group_name', '=', filter.group);
  if (filter.option !== undefined) query = query.where('option_name', '=', filter.option);
  return query.execute();
}

function rowsToConfig(rows: DomainConfigTable[]): DomainConfig {
  const config: DomainConfig = {};
  for (const row of rows) {
    config[row.group_name] ??= {};
    config[row.group_name][row.option_name] = JSON.parse(row.value) as unknown;
  }
  return config;
}

function configToRows(domainId: string, config: DomainConfig): DomainConfigTable[] {
  return Object.entries(config).flatMap(([group, options]) =>
    Object.entries(options).map(([option, value]) => ({
      domain_id: domainId,
      group_name: group,
      option_name: option,
      value: JSON.stringify(value),
      sensitive: isSensitive(group, option) ? 1 : 0,
    })),
  );
}

/** Keystone's checks of a config sent: not empty, each group an object of supported options. */
function assertValidConfig(config: Record<string, unknown>): asserts config is DomainConfig {
  const groups = Object.keys(config);
  if (groups.length === 0) throw invalidConfig('No options specified');
  for (const group of groups) {
    const options = config[group];
    if (
      typeof options !== 'object' ||
      options === null ||
      Array.isArray(options) ||
      !Object.keys(options).length
    ) {
      throw invalidConfig(
        `The value of group ${group} specified in the config should be a dictionary of options`,
      );
    }
    for (const option of Object.keys(options)) assertSupported(group, option);
  }
}

/**
 * The shown part of a domain's configuration: all of it, one group, or one option (then
 * without its group, as Keystone answers). Nothing to show is a 404.
 */
export async function getDomainConfig(
  db: Db,
  domainId: string,
  group?: string,
  option?: string,
): Promise<Record<string, unknown>> {
  assertSupported(group, option);
  const rows = await configRows(db, domainId, { group, option, withSensitive: false });
  if (!rows.length) throw configNotFound(domainId, group, option);
  if (option !== undefined) return { [option]: JSON.parse(rows[0].value) as unknown };
  return rowsToConfig(rows);
}

/**
 * Replaces a domain's whole configuration. Answers what is shown of the new one and whether
 * the domain had none before (Keystone answers 201 then, 200 on a replacement).
 */
export async function replaceDomainConfig(
  db: Db,
  domainId: string,
  config: Record<string, unknown>,
): Promise<{ config: DomainConfig; created: boolean }> {
  return db.transaction().execute(async (tx) => {
    await assertDomainExists(tx, domainId);
    const previous = await configRows(tx, domainId, { withSensitive: true });
    assertValidConfig(config);
    await tx.deleteFrom('domain_config').where('domain_id', '=', domainId).execute();
    await tx.insertInto('domain_config').values(configToRows(domainId, config)).execute();
    const shown = await configRows(tx, domainId, { withSensitive: false });
    return { config: rowsToConfig(shown), created: previous.length === 0 };
  });
}

/**
 * Keystone's extra rules when a PATCH names a group (and option) in the path: the body holds
 * that group (option) and nothing else, and it must already be in the configuration.
 */
async function assertTargetedUpdate(
  db: Db,
  domainId: string,
  config: DomainConfig,
  group: string,
  option?: string,
): Promise<void> {
  const groups = Object.keys(config);
  if (groups.length !== 1 || (option !== undefined && Object.keys(config[group]).length !== 1)) {
    throw invalidConfig(
      option !== undefined
        ? `Trying to update option ${option} in group ${group}, so that, and only that, option must be specified  in the config`
        : `Trying to update group ${group}, so that, and only that, group must be specified in the config`,
    );
  }
  if (!Object.hasOwn(config, group)) {
    throw invalidConfig(
      `request to update group ${group}, but config provided contains group ${groups[0]} instead`,
    );
  }
  if (option !== undefined && !Object.hasOwn(config[group], option)) {
    const other = Object.keys(config[group])[0];
    throw invalidConfig(
      `Trying to update option ${option} in group ${group}, but config provided contains option ${other} instead`,
    );
  }
  const existing = await configRows(db, domainId, { group, option, withSensitive: true });
  if (!existing.length) throw configNotFound(domainId, group, option);
}

/**
 * Merges options into a domain's configuration; with a group (and option) in the path, only
 * that existing group (option) may change, and the body of an option update is `{option: value}`.
 * Answers the whole shown configuration.
 */
export async function updateDomainConfig(
  db: Db,
  domainId: string,
  body: Record<string, unknown>,
  group?: string,
  option?: string,
): Promise<DomainConfig> {
  return db.transaction().execute(async (tx) => {
    await assertDomainExists(tx, domainId);
    const config: Record<string, unknown> =
      group !== undefined && option !== undefined ? { [group]: body } : body;
    assertValidConfig(config);
    assertSupported(group, option);
    if (group !== undefined) await assertTargetedUpdate(tx, domainId, config, group, option);
    for (const row of configToRows(domainId, config)) {
      await tx
        .deleteFrom('domain_config')
        .where('domain_id', '=', domainId)
        .where('group_name', '=', row.group_name)
        .where('option_name', '=', row.option_name)
        .execute();
      await tx.insertInto('domain_config').values(row).execute();
    }
    return (await getDomainConfig(tx, domainId)) as DomainConfig;
  });
}

/** Deletes a domain's configuration, one group of it, or one option; a missing group or option is a 404. */
export async function deleteDomainConfig(
  db: Db,
  domainId: string,
  group?: string,
  option?: string,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await assertDomainExists(tx, domainId);
    assertSupported(group, option);
    let query = tx.deleteFrom('domain_config').where('domain_id', '=', domainId);
    if (group !== undefined) {
      const current = rowsToConfig(await configRows(tx, domainId, { group, withSensitive: true }));
      if (!current[group]) throw configNotFound(domainId, group);
      if (option !== undefined && !Object.hasOwn(current[group], option)) {
        throw configNotFound(domainId, group, option);
      }
      query = query.where('group_name', '=', group);
      if (option !== undefined) query = query.where('option_name', '=', option);
    }
    await query.execute();
  });
}
