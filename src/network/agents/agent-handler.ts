import type { ApiRecord, CallContext, ResourceHandler } from '../api/engine/definition.js';
import { RecordStore } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { agentAlive } from './agent-state.js';

/** The attributes an agent shows, in Neutron's order. */
const SHOWN = [
  'id',
  'agent_type',
  'binary',
  'topic',
  'host',
  'admin_state_up',
  'created_at',
  'started_at',
  'heartbeat_timestamp',
  'alive',
  'configurations',
  'description',
  'availability_zone',
  'resources_synced',
] as const;

/**
 * The agents list (Neutron's agent extension): what each host's agents last reported, whether
 * they are alive, and the two things an admin sets, `admin_state_up` and `description`. Agents
 * register themselves (reportAgentState); the API only reads, updates and forgets them.
 */
export class AgentHandler implements ResourceHandler {
  private readonly store: RecordStore;

  constructor(private readonly deps: NetworkDeps) {
    this.store = new RecordStore('agents', deps.now);
  }

  /** A stored agent as the API shows it, `alive` as of now and times in Neutron's agent format. */
  private present(record: ApiRecord): ApiRecord {
    const shown: Record<string, unknown> = {
      ...record,
      // The row's creation time is kept as `...Z`; agents show `YYYY-MM-DD HH:MM:SS`.
      created_at: String(record.created_at).slice(0, 19).replace('T', ' '),
      alive: agentAlive(record.heartbeat_timestamp, this.deps.now()),
    };
    return Object.fromEntries(SHOWN.map((name) => [name, shown[name] ?? null])) as ApiRecord;
  }

  async list(): Promise<ApiRecord[]> {
    return (await this.store.list(this.deps.db)).map((record) => this.present(record));
  }

  async get(_call: CallContext, id: string): Promise<ApiRecord | null> {
    const record = await this.store.get(this.deps.db, id);
    return record ? this.present(record) : null;
  }

  create(): Promise<ApiRecord> {
    throw new Error('agents register themselves through reportAgentState');
  }

  async update(_call: CallContext, current: ApiRecord, changes: Record<string, unknown>): Promise<ApiRecord> {
    const stored = await this.store.get(this.deps.db, current.id);
    if (!stored) return current;
    return this.present(await this.store.update(this.deps.db, stored, changes));
  }

  async delete(_call: CallContext, current: ApiRecord): Promise<void> {
    await this.store.delete(this.deps.db, current.id);
  }
}
