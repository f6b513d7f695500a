import type { ApiRecord, CallContext } from '../api/engine/definition.js';
import { RecordStore, type NetworkDb } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { networkVisible } from '../networks/network-handler.js';
import { rbacEntries, rbacGrants, type RbacEntry } from '../rbac/rbac-access.js';
import { networkNotFound, resourceNotFound } from './subnet-errors.js';

/** A network as subnets and ports need it: the stored record and its RBAC entries. */
export interface NetworkFacts {
  network: ApiRecord;
  entries: RbacEntry[];
}

/** Whether the network is shared with a project (`shared` as Neutron shows it to that project). */
export function sharedWith(facts: NetworkFacts, projectId: string | null): boolean {
  return rbacGrants(facts.entries, 'access_as_shared', projectId);
}

/** Whether the caller acts for the cloud (admin) or as a service, which Neutron lets use any network. */
export function isPrivileged(call: CallContext): boolean {
  const roles = call.context.roles;
  return call.isAdmin || roles.includes('advsvc') || roles.includes('service');
}

/**
 * Networks by id, read once per request: the policy target of every subnet or port of a list
 * needs its network, and the engine asks for targets one record at a time.
 */
export class NetworkFactsCache {
  private readonly networks: RecordStore;
  private readonly byCall = new WeakMap<CallContext, Map<string, NetworkFacts | null>>();

  constructor(deps: NetworkDeps) {
    this.networks = new RecordStore('networks', deps.now);
  }

  async load(db: NetworkDb, ids: string[]): Promise<Map<string, NetworkFacts>> {
    const unique = [...new Set(ids)];
    const facts = new Map<string, NetworkFacts>();
    if (unique.length === 0) return facts;
    const records = await this.networks.list(db, { ids: unique });
    const entries = await rbacEntries(db, unique);
    for (const network of records) facts.set(network.id, { network, entries: entries.get(network.id) ?? [] });
    return facts;
  }

  /** The networks of these ids for this request, read from the database only the first time. */
  async forCall(db: NetworkDb, call: CallContext, ids: string[]): Promise<Map<string, NetworkFacts | null>> {
    let known = this.byCall.get(call);
    if (!known) this.byCall.set(call, (known = new Map()));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length > 0) {
      const loaded = await this.load(db, missing);
      for (const id of missing) known.set(id, loaded.get(id) ?? null);
    }
    return known;
  }

  async one(db: NetworkDb, call: CallContext, id: string): Promise<NetworkFacts | null> {
    return (await this.forCall(db, call, [id])).get(id) ?? null;
  }
}

/**
 * The API's check before a subnet or port is made on a network (Neutron's
 * _validate_network_project_ownership): the caller must see the network (else
 * NetworkNotFound), and unless it is shared with the caller, the new resource must belong to
 * the network's owner (else the API's own 404). Admins and services skip it.
 */
export function assertNetworkUsable(
  call: CallContext,
  facts: NetworkFacts | null,
  networkId: string,
  projectId: unknown,
): void {
  if (isPrivileged(call)) return;
  if (!facts || !networkVisible(call, facts.network, facts.entries)) throw networkNotFound(networkId);
  if (sharedWith(facts, call.context.projectId)) return;
  if (facts.network.project_id !== projectId) throw resourceNotFound();
}
