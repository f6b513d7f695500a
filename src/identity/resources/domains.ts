import type { Kysely, Selectable } from 'kysely';
import type { DomainTable, IdentitySchema } from '../db/schema.js';
import { isoTime, newId } from '../ids.js';
import {
  type Attributes,
  extraAttributes,
  mergeOptions,
  parseAttributes,
  readDescription,
  storedDescription,
} from './attributes.js';
import { deleteDomainContents } from './domain-contents.js';
import { cleanTags } from './tag-rules.js';
import {
  conflict,
  domainNotFound,
  immutableDelete,
  immutableUpdate,
  isUniqueViolation,
  refused,
} from './errors.js';

type Db = Kysely<IdentitySchema>;

/** The options a domain (or project) may carry, as Keystone's resource option registry. */
export const RESOURCE_OPTIONS = ['immutable'] as const;

/** The fields of a domain; whatever else a client sends is kept as attributes. */
const DOMAIN_FIELDS = ['id', 'name', 'description', 'enabled', 'tags', 'options', 'explicit_domain_id'];

export interface Domain {
  id: string;
  name: string;
  /** Null when the client set it so; Keystone stores and shows the null. */
  description: string | null;
  enabled: boolean;
  tags: string[];
  options: Attributes;
  extra: Attributes;
}

/** A domain as a request body gives it (after schema validation). */
export interface DomainBody extends Attributes {
  name?: string;
  description?: string | null;
  enabled?: boolean;
  tags?: string[];
  options?: Attributes;
}

/**
 * The `extra` column holds the client's attributes plus what has no column of its own: `tags`,
 * `options`, and a null description (the column cannot be null).
 */
interface StoredExtra extends Attributes {
  tags?: string[];
  options?: Attributes;
}

export function rowToDomain(row: Selectable<DomainTable>): Domain {
  const { tags, options, ...extra } = parseAttributes(row.extra) as StoredExtra;
  return {
    id: row.id,
    name: row.name,
    description: readDescription(extra, row.description),
    enabled: row.enabled === 1,
    tags: tags ?? [],
    options: options ?? {},
    extra,
  };
}

function storedExtra(domain: Pick<Domain, 'tags' | 'options' | 'extra' | 'description'>): string {
  const stored: StoredExtra = storedDescription(domain.extra, domain.description);
  if (domain.tags.length) stored.tags = domain.tags;
  if (Object.keys(domain.options).length) stored.options = domain.options;
  return JSON.stringify(stored);
}

export async function findDomain(db: Db, id: string): Promise<Domain | undefined> {
  const row = await db.selectFrom('domain').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToDomain(row);
}

/** The domain, or Keystone's 404 `Could not find domain: <id>.` */
export async function getDomain(db: Db, id: string): Promise<Domain> {
  const domain = await findDomain(db, id);
  if (!domain) throw domainNotFound(id);
  return domain;
}

export interface DomainFilters {
  name?: string;
  enabled?: boolean;
}

export async function listDomains(db: Db, filters: DomainFilters): Promise<Domain[]> {
  let query = db.selectFrom('domain').selectAll();
  if (filters.name !== undefined) query = query.where('name', '=', filters.name);
  if (filters.enabled !== undefined) query = query.where('enabled', '=', filters.enabled ? 1 : 0);
  return (await query.execute()).map(rowToDomain);
}

const duplicateName = (name: string) =>
  conflict(
    'project',
    `it is not permitted to have two projects acting as domains with the same name: ${name}`,
  );

export async function createDomain(
  db: Db,
  body: DomainBody,
  options: { id?: string; now: Date },
): Promise<Domain> {
  const domain: Domain = {
    id: options.id ?? newId(),
    name: (body.name ?? '').trim(),
    description: body.description === undefined ? '' : body.description,
    enabled: body.enabled ?? true,
    tags: cleanTags(body.tags ?? []),
    options: mergeOptions({}, body.options, RESOURCE_OPTIONS),
    extra: extraAttributes(body, DOMAIN_FIELDS),
  };
  try {
    await db
      .insertInto('domain')
      .values({
        id: domain.id,
        name: domain.name,
        description: domain.description ?? '',
        enabled: domain.enabled ? 1 : 0,
        extra: storedExtra(domain),
        created_at: isoTime(options.now),
      })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName(domain.name);
    throw error;
  }
  return domain;
}

/**
 * Keystone's immutable rule: an immutable resource takes no update but the one that clears the
 * option (a body of only `options.immutable` false or null).
 */
export function assertMutable(
  type: 'project' | 'domain',
  id: string,
  options: Attributes,
  body: Attributes,
): void {
  if (options.immutable !== true) return;
  const update = body.options as Attributes | undefined;
  const clearsOnly =
    Object.keys(body).length === 1 &&
    update !== undefined &&
    'immutable' in update &&
    (update.immutable === false || update.immutable === null);
  if (!clearsOnly) throw immutableUpdate(type, id);
}

export interface DomainUpdate {
  domain: Domain;
  /** True when this update turned the domain from enabled to disabled. */
  disabled: boolean;
}

export async function updateDomain(db: Db, id: string, body: DomainBody): Promise<DomainUpdate> {
  const original = await getDomain(db, id);
  assertMutable('domain', id, original.options, body);
  const domain: Domain = {
    ...original,
    name: body.name === undefined ? original.name : body.name.trim(),
    description: body.description === undefined ? original.description : body.description,
    enabled: body.enabled ?? original.enabled,
    tags: body.tags === undefined ? original.tags : cleanTags(body.tags),
    options: mergeOptions(original.options, body.options, RESOURCE_OPTIONS),
    extra: { ...original.extra, ...extraAttributes(body, DOMAIN_FIELDS) },
  };
  try {
    await db
      .updateTable('domain')
      .set({
        name: domain.name,
        description: domain.description ?? '',
        enabled: domain.enabled ? 1 : 0,
        extra: storedExtra(domain),
      })
      .where('id', '=', id)
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName(domain.name);
    throw error;
  }
  return { domain, disabled: original.enabled && !domain.enabled };
}

/**
 * Deletes a disabled domain and everything in it (see `deleteDomainContents`), in one
 * transaction. Keystone refuses an enabled domain, so tokens scoped to it are gone first.
 */
export async function deleteDomain(db: Db, id: string, now: Date): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const domain = await getDomain(tx, id);
    if (domain.options.immutable === true) throw immutableDelete('domain', id);
    if (domain.enabled) throw refused('Cannot delete a domain that is enabled, please disable it first.');
    await deleteDomainContents(tx, id, now);
    await tx.deleteFrom('domain').where('id', '=', id).execute();
  });
}
