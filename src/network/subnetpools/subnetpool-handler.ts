import type { ApiRecord, CallContext, ResourceHandler } from '../api/engine/definition.js';
import type { ListFilters } from '../api/engine/list-query.js';
import { neutronTime, type NetworkDb } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { NeutronError, conflict, notFound } from '../errors.js';
import { prefixesIntersect } from '../ipam/prefix-allocation.js';
import { checkQuota } from '../quotas/quota-check.js';
import { addRbacEntry, rbacEntries, rbacGrants } from '../rbac/rbac-access.js';
import { SubnetPoolAccess } from './subnetpool-access.js';
import {
  checkPrefixesKept,
  defaultPoolExists,
  readSubnetPool,
  type SubnetPoolBody,
} from './subnetpool-reader.js';

const subnetPoolDeleteError = (reason: string) =>
  new NeutronError(400, 'SubnetPoolDeleteError', `Unable to delete subnet pool: ${reason}.`);

/**
 * Subnet pools (db_base_plugin_v2's create/update/delete_subnetpool): prefixes compacted and
 * bounded, one default pool per IP version, `shared` as an RBAC wildcard (as for networks), an
 * address scope of the same version whose pools' prefixes do not overlap, and no delete while
 * subnets hold prefixes of it.
 */
export class SubnetPoolHandler implements ResourceHandler {
  readonly access: SubnetPoolAccess;

  constructor(private readonly deps: NetworkDeps) {
    this.access = new SubnetPoolAccess(deps.now);
  }

  async list(call: CallContext, filters: ListFilters): Promise<ApiRecord[]> {
    const ids = filters.id?.map(String);
    return this.access.view(this.deps.db, call, await this.access.visible(this.deps.db, call, ids));
  }

  async get(call: CallContext, id: string): Promise<ApiRecord | null> {
    const [pool] = await this.access.visible(this.deps.db, call, [id]);
    return pool ? (await this.access.view(this.deps.db, call, [pool]))[0] : null;
  }

  async create(call: CallContext, values: Record<string, unknown>): Promise<ApiRecord> {
    const id = this.deps.newId();
    const body = readSubnetPool(values);
    const created = await this.deps.db.transaction().execute(async (trx) => {
      await checkQuota(trx, this.deps, values.project_id as string, 'subnetpool', 1);
      if (body.is_default) await this.checkNoDefault(trx, body.ip_version, id);
      await this.checkAddressScope(trx, call, id, body);
      const record = await this.access.store.insert(trx, { ...body, id, project_id: values.project_id });
      if (values.shared === true) {
        await addRbacEntry(
          trx,
          {
            id: this.deps.newId(),
            object_type: 'subnetpool',
            object_id: id,
            action: 'access_as_shared',
            target_tenant: '*',
            project_id: record.project_id as string,
          },
          neutronTime(this.deps.now()),
        );
      }
      return record;
    });
    return (await this.access.view(this.deps.db, call, [created]))[0];
  }

  async update(call: CallContext, current: ApiRecord, changes: Record<string, unknown>): Promise<ApiRecord> {
    await this.deps.db.transaction().execute(async (trx) => {
      const stored = await this.access.get(trx, call, current.id);
      if (changes.prefixes !== undefined)
        checkPrefixesKept(stored.prefixes as string[], changes.prefixes as string[]);
      const body = readSubnetPool({ ...stored, ...changes });
      if (body.is_default && stored.is_default !== true)
        await this.checkNoDefault(trx, body.ip_version, stored.id);
      if ('address_scope_id' in changes || 'prefixes' in changes) {
        await this.checkAddressScope(trx, call, stored.id, body);
      }
      await this.access.store.update(trx, stored, body as unknown as Record<string, unknown>);
    });
    return (await this.get(call, current.id))!;
  }

  async delete(_call: CallContext, current: ApiRecord): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      if ((await this.subnetsOf(trx, current.id)).length > 0) {
        throw subnetPoolDeleteError('Subnet pool has existing allocations');
      }
      await trx.deleteFrom('rbac_policies').where('parent_id', '=', current.id).execute();
      await this.access.store.delete(trx, current.id);
    });
  }

  /** The subnets allocated from a pool. */
  async subnetsOf(db: NetworkDb, poolId: string): Promise<ApiRecord[]> {
    const rows = await db
      .selectFrom('subnets')
      .select(['id', 'body'])
      .where('body', 'like', `%${poolId}%`)
      .execute();
    return rows
      .map((row) => ({ ...(JSON.parse(row.body) as Record<string, unknown>), id: row.id }) as ApiRecord)
      .filter((subnet) => subnet.subnetpool_id === poolId);
  }

  private async checkNoDefault(db: NetworkDb, ipVersion: number, ownId: string): Promise<void> {
    const existing = await this.access.defaultPool(db, ipVersion);
    if (existing && existing.id !== ownId) throw defaultPoolExists();
  }

  /**
   * _validate_address_scope_id: the scope must be one the caller sees, of the pool's version,
   * and no other pool of the scope may hold any of the pool's addresses.
   */
  private async checkAddressScope(
    db: NetworkDb,
    call: CallContext,
    poolId: string,
    body: SubnetPoolBody,
  ): Promise<void> {
    const scopeId = body.address_scope_id;
    if (!scopeId) return;
    const row = await db
      .selectFrom('address_scopes')
      .selectAll()
      .where('id', '=', scopeId)
      .executeTakeFirst();
    const scope = row ? (JSON.parse(row.body) as Record<string, unknown>) : null;
    const entries = row ? (await rbacEntries(db, [scopeId])).get(scopeId) : undefined;
    const accessible =
      row &&
      (call.isAdmin ||
        row.project_id === call.context.projectId ||
        scope?.shared === true ||
        rbacGrants(entries, 'access_as_shared', call.context.projectId));
    if (!accessible) {
      throw notFound('AddressScopeNotFound', `Address scope ${scopeId} could not be found.`);
    }
    if (scope?.ip_version !== body.ip_version) {
      throw new NeutronError(
        400,
        'IllegalSubnetPoolIpVersionAssociationToAddressScope',
        `Illegal subnetpool association: subnetpool ${poolId} cannot associate with address scope ` +
          `${scopeId} because subnetpool ip_version is not ${String(scope?.ip_version)}.`,
      );
    }
    const pools = await this.access.store.list(db);
    const clash = pools.some(
      (pool) =>
        pool.id !== poolId &&
        pool.address_scope_id === scopeId &&
        prefixesIntersect(pool.prefixes as string[], body.prefixes),
    );
    if (clash) {
      throw conflict(
        'AddressScopePrefixConflict',
        'Failed to associate address scope: subnetpools within an address scope must have unique prefixes.',
      );
    }
  }
}
