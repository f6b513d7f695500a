import { RecordStore, type NetworkDb } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';

/** The agents Neutron's Linux bridge deployment has, as the agents list names them. */
export const AGENT_KINDS = {
  linuxBridge: { agent_type: 'Linux bridge agent', binary: 'neutron-linuxbridge-agent', topic: 'N/A' },
  dhcp: { agent_type: 'DHCP agent', binary: 'neutron-dhcp-agent', topic: 'dhcp_agent' },
  l3: { agent_type: 'L3 agent', binary: 'neutron-l3-agent', topic: 'l3_agent' },
  metadata: { agent_type: 'Metadata agent', binary: 'neutron-metadata-agent', topic: 'N/A' },
} as const;

/** The agent types that serve an availability zone, and the resource they serve in it. */
export const ZONED_AGENT_TYPES: Readonly<Record<string, 'network' | 'router'>> = {
  'DHCP agent': 'network',
  'L3 agent': 'router',
};

/** Neutron's `agent_down_time`: an agent is dead when it has not reported for this long. */
export const AGENT_DOWN_TIME_SECONDS = 75;

/** Neutron's `[AGENT] availability_zone` default. */
export const DEFAULT_AVAILABILITY_ZONE = 'nova';

/** What an agent reports about itself (Neutron's `agent_state` of report_state). */
export interface AgentState {
  agent_type: string;
  binary: string;
  host: string;
  topic: string;
  configurations?: Record<string, unknown>;
  /** Default `nova` for DHCP and L3 agents, none for the others. */
  availability_zone?: string | null;
  /** Set on an agent's first report after it (re)started: its `started_at` becomes now. */
  start_flag?: boolean;
  resources_synced?: boolean | null;
}

/** What the server says back: whether it knew the agent, and whether the admin enabled it. */
export interface AgentReport {
  id: string;
  /** Neutron's agent status from the server's side. */
  status: 'new' | 'alive' | 'revived';
  admin_state_up: boolean;
}

/** Agents' times as Neutron shows them: `2017-09-12 19:39:56` (UTC, no zone). */
export function agentTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** Whether an agent reported within agent_down_time. */
export function agentAlive(heartbeat: unknown, now: Date): boolean {
  if (typeof heartbeat !== 'string') return false;
  const at = Date.parse(`${heartbeat.replace(' ', 'T')}Z`);
  return Number.isFinite(at) && now.getTime() - at <= AGENT_DOWN_TIME_SECONDS * 1000;
}

/**
 * Registers an agent on its first report and records each later one as its heartbeat (Neutron's
 * create_or_update_agent): one agent per type and host, enabled when new, revived when it
 * reports again after being counted dead.
 */
export async function reportAgentState(
  trx: NetworkDb,
  deps: NetworkDeps,
  state: AgentState,
): Promise<AgentReport> {
  const store = new RecordStore('agents', deps.now);
  const now = deps.now();
  const time = agentTime(now);
  const zone =
    state.availability_zone !== undefined
      ? state.availability_zone
      : state.agent_type in ZONED_AGENT_TYPES
        ? DEFAULT_AVAILABILITY_ZONE
        : null;
  const reported = {
    agent_type: state.agent_type,
    binary: state.binary,
    host: state.host,
    topic: state.topic,
    configurations: state.configurations ?? {},
    availability_zone: zone,
    resources_synced: state.resources_synced ?? null,
    heartbeat_timestamp: time,
  };
  const existing = (await store.list(trx, { refIds: [state.host] })).find(
    (agent) => agent.agent_type === state.agent_type,
  );
  if (!existing) {
    const id = deps.newId();
    await store.insert(
      trx,
      { ...reported, id, project_id: '', admin_state_up: true, description: null, started_at: time },
      { refId: state.host },
    );
    return { id, status: 'new', admin_state_up: true };
  }
  const revived = !agentAlive(existing.heartbeat_timestamp, now);
  await store.update(trx, existing, { ...reported, ...(state.start_flag ? { started_at: time } : {}) });
  return {
    id: existing.id,
    status: revived ? 'revived' : 'alive',
    admin_state_up: existing.admin_state_up as boolean,
  };
}
