import type { Kysely } from 'kysely';
import type { ComputeSchema } from '../db/schema.js';
import type { StoredRequestSpec } from '../rpc/request-spec.js';

/** The networks and security groups a server was created with (its request spec). */
export async function requestedNetworksOf(
  db: Kysely<ComputeSchema>,
  instanceUuid: string,
): Promise<Pick<StoredRequestSpec, 'requestedNetworks' | 'securityGroups'>> {
  const row = await db
    .selectFrom('request_specs')
    .select('spec')
    .where('instance_uuid', '=', instanceUuid)
    .executeTakeFirst();
  const spec = row ? (JSON.parse(row.spec) as StoredRequestSpec) : null;
  return { requestedNetworks: spec?.requestedNetworks ?? 'none', securityGroups: spec?.securityGroups ?? [] };
}

/**
 * The ports the user gave at create: theirs whatever the network info says (a build cut short may
 * not have saved it), so compute lets them go rather than deleting them.
 */
export async function requestedPortIdsOf(db: Kysely<ComputeSchema>, instanceUuid: string): Promise<string[]> {
  const { requestedNetworks } = await requestedNetworksOf(db, instanceUuid);
  if (!Array.isArray(requestedNetworks)) return [];
  return requestedNetworks.flatMap((request) => (request.portId ? [request.portId] : []));
}
