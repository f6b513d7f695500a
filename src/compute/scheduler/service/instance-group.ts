import type { Kysely } from 'kysely';
import type { ComputeSchema } from '../../db/schema.js';
import type { InstanceGroup, ServerGroupPolicy } from '../request-spec.js';

/**
 * The server group of a request as the group filters and weighers read it (Nova's
 * setup_instance_group): its policy and rules, its members (with the instances being scheduled,
 * which the API adds as members before asking), and the hosts its live members run on. Null when
 * the group is gone.
 */
export async function loadInstanceGroup(
  db: Kysely<ComputeSchema>,
  groupUuid: string,
  scheduling: readonly string[],
): Promise<InstanceGroup | null> {
  const group = await db
    .selectFrom('server_groups')
    .selectAll()
    .where('uuid', '=', groupUuid)
    .executeTakeFirst();
  if (!group) return null;
  const rows = await db
    .selectFrom('server_group_members')
    .select('instance_uuid')
    .where('group_id', '=', group.id)
    .orderBy('instance_uuid')
    .execute();
  const members = [...new Set([...rows.map((row) => row.instance_uuid), ...scheduling])];
  const placed =
    rows.length === 0
      ? []
      : await db
          .selectFrom('instances')
          .select('host')
          .distinct()
          .where(
            'uuid',
            'in',
            rows.map((row) => row.instance_uuid),
          )
          .where('deleted', '=', 0)
          .where('host', 'is not', null)
          .orderBy('host')
          .execute();
  return {
    uuid: group.uuid,
    policy: group.policy as ServerGroupPolicy,
    rules: JSON.parse(group.rules) as InstanceGroup['rules'],
    members,
    hosts: placed.map((row) => row.host as string),
  };
}
