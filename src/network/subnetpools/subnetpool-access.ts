import type { ApiRecord, CallContext } from '../api/engine/definition.js';
import { RecordStore, type NetworkDb } from '../db/record-store.js';
import { notFound } from '../errors.js';
import { objectIdsGranted, rbacEntries, rbacGrants, rbacWildcard } from '../rbac/rbac-access.js';

export const subnetPoolNotFound = (id: string) =>
  notFound('SubnetPoolNotFound', `Subnet pool ${id} could not be found.`);

const PREFIXLEN_ATTRIBUTES = ['default_prefixlen', 'min_prefixlen', 'max_prefixlen'];

/**
 * Subnet pools as a caller sees them: its own, and those shared with it (an RBAC
 * `access_as_shared` entry for it or for everyone, which `shared: true` stands for), as
 * Neutron's subnet pool query does. Records are kept as stored (prefix lengths as numbers);
 * `view` gives them as the API shows them.
 */
export class SubnetPoolAccess {
  readonly store: RecordStore;

  constructor(now: () => Date) {
    this.store = new RecordStore('subnetpools', now);
  }

  /** The pools the caller sees (every one for an admin or an internal caller). */
  async visible(db: NetworkDb, call: CallContext | null, ids?: string[]): Promise<ApiRecord[]> {
    const where = ids ? { ids } : {};
    if (call === null || call.isAdmin) return this.store.list(db, where);
    const projectId = call.context.projectId;
    const shared = await objectIdsGranted(db, 'subnetpool', 'access_as_shared', projectId);
    const records = await this.store.list(db, where);
    return records.filter((pool) => pool.project_id === projectId || shared.includes(pool.id));
  }

  /** One pool the caller sees, else SubnetPoolNotFound. */
  async get(db: NetworkDb, call: CallContext | null, id: string): Promise<ApiRecord> {
    const [pool] = await this.visible(db, call, [id]);
    if (!pool) throw subnetPoolNotFound(id);
    return pool;
  }

  /** The default pool of an IP version (one at most: `is_default` is unique per version). */
  async defaultPool(db: NetworkDb, ipVersion: number): Promise<ApiRecord | null> {
    const pools = await this.store.list(db);
    return pools.find((pool) => pool.is_default === true && pool.ip_version === ipVersion) ?? null;
  }

  /**
   * Pools as the API shows them to the caller: `shared` when shared with everyone, or with the
   * caller's project by an entry of its own (as networks show it), and prefix lengths as text
   * (Neutron's _make_subnetpool_dict writes them with str()).
   */
  async view(db: NetworkDb, call: CallContext | null, pools: ApiRecord[]): Promise<ApiRecord[]> {
    const entries = await rbacEntries(
      db,
      pools.map((pool) => pool.id),
    );
    const projectId = call?.context.projectId ?? null;
    return pools.map((pool) => {
      const own = entries.get(pool.id)?.filter((entry) => entry.object_type === 'subnetpool');
      const shown: ApiRecord = {
        ...pool,
        shared:
          rbacWildcard(own, 'access_as_shared') ||
          (pool.project_id !== projectId && rbacGrants(own, 'access_as_shared', projectId)),
      };
      for (const name of PREFIXLEN_ATTRIBUTES) shown[name] = String(pool[name]);
      return shown;
    });
  }
}
