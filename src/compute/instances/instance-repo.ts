import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { InstanceTable, InstanceVif, ComputeSchema } from '../db/schema.js';
import type { FlavorSpec } from '../virt/types.js';

export type InstanceRow = Selectable<InstanceTable>;
export type NewInstanceRow = Insertable<InstanceTable>;
export type InstanceChanges = Omit<Updateable<InstanceTable>, 'id' | 'uuid'>;

/** Nova's InstanceNotFound: the message the API shows in its 404. */
export class InstanceNotFound extends Error {
  constructor(readonly instanceUuid: string) {
    super(`Instance ${instanceUuid} could not be found.`);
    this.name = 'InstanceNotFound';
  }
}

/**
 * A save that expected the instance in some task (or vm) state found it elsewhere: another
 * request got there first (Nova's UnexpectedTaskStateError / UnexpectedDeletingTaskStateError).
 */
export class UnexpectedInstanceState extends Error {
  constructor(
    readonly instanceUuid: string,
    readonly expected: { taskState?: readonly (string | null)[]; vmState?: readonly string[] },
    readonly actual: { taskState: string | null; vmState: string },
  ) {
    super(
      `Conflict updating instance ${instanceUuid}. Expected: ${JSON.stringify(expected)}. ` +
        `Actual: ${JSON.stringify(actual)}`,
    );
    this.name = 'UnexpectedInstanceState';
  }
}

/** What `save` checks before it writes, so two requests cannot both move one instance. */
export interface ExpectedState {
  taskState?: readonly (string | null)[];
  vmState?: readonly string[];
}

export const flavorOf = (row: Pick<InstanceRow, 'flavor'>): FlavorSpec =>
  JSON.parse(row.flavor) as FlavorSpec;
export const systemMetadataOf = (row: Pick<InstanceRow, 'system_metadata'>): Record<string, string> =>
  JSON.parse(row.system_metadata) as Record<string, string>;
export const networkInfoOf = (row: Pick<InstanceRow, 'network_info'>): InstanceVif[] =>
  JSON.parse(row.network_info) as InstanceVif[];
export const securityGroupsOf = (row: Pick<InstanceRow, 'security_groups'>): string[] =>
  JSON.parse(row.security_groups) as string[];

/** The size columns that repeat a flavor's, for a row that takes `flavor` as its current one. */
export function flavorColumns(flavor: FlavorSpec) {
  return {
    flavor: JSON.stringify(flavor),
    vcpus: flavor.vcpus,
    memory_mb: flavor.memoryMb,
    root_gb: flavor.rootGb,
    ephemeral_gb: flavor.ephemeralGb,
  };
}

/**
 * The instance rows, shared by the API, the conductor and the agents (Nova's Instance object
 * save/get). Listing with the API's filters lives with the servers API.
 */
export class InstanceRepo {
  constructor(
    readonly db: Kysely<ComputeSchema>,
    private readonly now: () => Date,
  ) {}

  async insert(rows: NewInstanceRow[]): Promise<void> {
    if (rows.length > 0) await this.db.insertInto('instances').values(rows).execute();
  }

  /** The instance, deleted ones included only when asked (admins may see them). */
  async find(uuid: string, options: { readDeleted?: boolean } = {}): Promise<InstanceRow | null> {
    let query = this.db.selectFrom('instances').selectAll().where('uuid', '=', uuid);
    if (!options.readDeleted) query = query.where('deleted', '=', 0);
    return (await query.executeTakeFirst()) ?? null;
  }

  async get(uuid: string, options: { readDeleted?: boolean } = {}): Promise<InstanceRow> {
    const row = await this.find(uuid, options);
    if (!row) throw new InstanceNotFound(uuid);
    return row;
  }

  /**
   * Writes `changes` (and `updated_at`) if the instance is still in an expected state, as one
   * conditional UPDATE so concurrent savers cannot both win. Returns the row as saved.
   */
  async save(uuid: string, changes: InstanceChanges, expected: ExpectedState = {}): Promise<InstanceRow> {
    let query = this.db
      .updateTable('instances')
      .set({ ...changes, updated_at: this.now().toISOString() })
      .where('uuid', '=', uuid)
      .where('deleted', '=', 0);
    if (expected.vmState) query = query.where('vm_state', 'in', [...expected.vmState]);
    if (expected.taskState) {
      const states = expected.taskState.filter((state): state is string => state !== null);
      const allowsNone = expected.taskState.includes(null);
      query = query.where((eb) => {
        const ors = [];
        if (states.length > 0) ors.push(eb('task_state', 'in', states));
        if (allowsNone) ors.push(eb('task_state', 'is', null));
        return ors.length > 0 ? eb.or(ors) : eb.val(false);
      });
    }
    const result = await query.executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) {
      const current = await this.get(uuid);
      throw new UnexpectedInstanceState(uuid, expected, {
        taskState: current.task_state,
        vmState: current.vm_state,
      });
    }
    return this.get(uuid);
  }

  /** Marks the instance deleted (Nova's `instance.destroy()`): it leaves listings but keeps its history. */
  async markDeleted(uuid: string, changes: InstanceChanges = {}): Promise<void> {
    const stamp = this.now().toISOString();
    await this.db
      .updateTable('instances')
      .set({
        vm_state: 'deleted',
        task_state: null,
        ...changes,
        deleted: 1,
        deleted_at: stamp,
        terminated_at: stamp,
        updated_at: stamp,
      })
      .where('uuid', '=', uuid)
      .execute();
    await this.db.deleteFrom('instance_tags').where('instance_uuid', '=', uuid).execute();
    // Its console URLs open nothing any more (Nova's clean_console_auths_for_instance).
    await this.db.deleteFrom('console_auth_tokens').where('instance_uuid', '=', uuid).execute();
    await this.db.deleteFrom('server_group_members').where('instance_uuid', '=', uuid).execute();
  }

  /** Records why the instance failed (Nova's `add_instance_fault_from_exc`). */
  async addFault(
    uuid: string,
    fault: { code: number; message: string; details?: string | null; host?: string | null },
  ): Promise<void> {
    await this.db
      .insertInto('instance_faults')
      .values({
        instance_uuid: uuid,
        code: fault.code,
        // Nova keeps at most 255 characters of the message.
        message: fault.message.slice(0, 255),
        details: fault.details ?? null,
        host: fault.host ?? null,
        created_at: this.now().toISOString(),
      })
      .execute();
  }

  /** The newest fault of each instance given, by uuid. */
  async latestFaults(uuids: string[]): Promise<Map<string, Selectable<ComputeSchema['instance_faults']>>> {
    const faults = new Map<string, Selectable<ComputeSchema['instance_faults']>>();
    if (uuids.length === 0) return faults;
    const rows = await this.db
      .selectFrom('instance_faults')
      .selectAll()
      .where('instance_uuid', 'in', uuids)
      .orderBy('id', 'desc')
      .execute();
    for (const row of rows) if (!faults.has(row.instance_uuid)) faults.set(row.instance_uuid, row);
    return faults;
  }

  /** The uuids of the live instances on `host`. */
  async uuidsOnHost(host: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('instances')
      .select('uuid')
      .where('host', '=', host)
      .where('deleted', '=', 0)
      .execute();
    return rows.map((row) => row.uuid);
  }
}
