import type { ApiRecord, CallContext, ResourceHandler } from '../api/engine/definition.js';
import { RecordStore, neutronTime, type NetworkDb } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { conflict } from '../errors.js';
import { checkQuota } from '../quotas/quota-check.js';
import {
  addRbacEntry,
  deleteRbacEntry,
  listRbacEntries,
  rbacEntry,
  retargetRbacEntry,
  type RbacAction,
  type RbacEntry,
  type RbacObjectType,
} from './rbac-access.js';
import {
  assertAccessUnused,
  loadRbacObject,
  ownedRbacObject,
  validateAction,
  type RbacObject,
} from './rbac-objects.js';

/** An entry as the API shows it: the owner under both names. */
function present(entry: RbacEntry): ApiRecord {
  return {
    id: entry.id,
    project_id: entry.project_id,
    tenant_id: entry.project_id,
    object_type: entry.object_type,
    object_id: entry.object_id,
    action: entry.action,
    target_tenant: entry.target_tenant,
  };
}

function duplicate() {
  return conflict('DuplicateRbacPolicy', 'An RBAC policy already exists with those values.');
}

/**
 * RBAC policies (Neutron's rbac-policies): entries that share an object with one project or
 * all (`access_as_shared`), or let them use a network as external (`access_as_external`).
 * Only the object's owner (or an admin) makes them; an entry cannot be removed or moved while
 * its target project still uses what it grants. A network's revision follows its entries.
 */
export class RbacPolicyHandler implements ResourceHandler {
  private readonly networks: RecordStore;

  constructor(private readonly deps: NetworkDeps) {
    this.networks = new RecordStore('networks', deps.now);
  }

  async list(call: CallContext): Promise<ApiRecord[]> {
    const owner = call.isAdmin ? undefined : (call.context.projectId ?? '');
    return (await listRbacEntries(this.deps.db, owner)).map(present);
  }

  async get(_call: CallContext, id: string): Promise<ApiRecord | null> {
    const entry = await rbacEntry(this.deps.db, id);
    return entry ? present(entry) : null;
  }

  async create(call: CallContext, values: Record<string, unknown>): Promise<ApiRecord> {
    const objectType = values.object_type as RbacObjectType;
    const action = values.action as RbacAction;
    validateAction(objectType, action);
    const entry: RbacEntry = {
      id: this.deps.newId(),
      project_id: values.project_id as string,
      object_type: objectType,
      object_id: values.object_id as string,
      action,
      target_tenant: values.target_tenant as string,
    };
    await this.deps.db.transaction().execute(async (trx) => {
      const object = await ownedRbacObject(trx, call, objectType, entry.object_id);
      if (object.entries.some((other) => sameGrant(other, entry))) throw duplicate();
      await checkQuota(trx, this.deps, entry.project_id, 'rbac_policy', 1);
      await addRbacEntry(trx, entry, neutronTime(this.deps.now()));
      // An external entry makes the network external, for its target only (no wildcard).
      if (objectType === 'network')
        await this.networkChanged(trx, object, action === 'access_as_external' ? true : undefined);
    });
    return present(entry);
  }

  async update(call: CallContext, current: ApiRecord, changes: Record<string, unknown>): Promise<ApiRecord> {
    const target = changes.target_tenant as string | undefined;
    if (target === undefined || target === current.target_tenant) return current;
    const objectType = current.object_type as RbacObjectType;
    await this.deps.db.transaction().execute(async (trx) => {
      const entry = (await rbacEntry(trx, current.id))!;
      const object = await ownedRbacObject(trx, call, objectType, entry.object_id);
      if (object.entries.some((other) => sameGrant(other, { ...entry, target_tenant: target }))) {
        throw duplicate();
      }
      await assertAccessUnused(trx, objectType, object, entry, target);
      await retargetRbacEntry(trx, entry, target, neutronTime(this.deps.now()));
      if (objectType === 'network') await this.networkChanged(trx, object);
    });
    return { ...current, target_tenant: target };
  }

  async delete(_call: CallContext, current: ApiRecord): Promise<void> {
    const objectType = current.object_type as RbacObjectType;
    await this.deps.db.transaction().execute(async (trx) => {
      const entry = (await rbacEntry(trx, current.id))!;
      const object = await loadRbacObject(trx, objectType, entry.object_id);
      if (object) await assertAccessUnused(trx, objectType, object, entry);
      await deleteRbacEntry(trx, entry.id);
      if (object && objectType === 'network') {
        // The last external entry gone, the network is no longer external (Neutron's AFTER_DELETE hook).
        const stillExternal = object.entries.some(
          (other) => other.id !== entry.id && other.action === 'access_as_external',
        );
        await this.networkChanged(
          trx,
          object,
          entry.action === 'access_as_external' ? stillExternal : undefined,
        );
      }
    });
  }

  /**
   * Bumps a network's revision after a change of its entries (Neutron's NetworkRBAC revises
   * its network) and sets `router:external` when `external` says what it now is.
   */
  private async networkChanged(db: NetworkDb, object: RbacObject, external?: boolean): Promise<void> {
    const network = await this.networks.get(db, object.id);
    if (!network) return;
    if (external !== undefined && network['router:external'] !== external) {
      await this.networks.update(db, network, { 'router:external': external });
    } else {
      await this.networks.bump(db, network.id);
    }
  }
}

function sameGrant(left: RbacEntry, right: RbacEntry): boolean {
  return (
    left.object_id === right.object_id &&
    left.action === right.action &&
    left.target_tenant === right.target_tenant
  );
}
