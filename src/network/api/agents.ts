import { AgentHandler } from '../agents/agent-handler.js';
import type { NetworkDeps } from '../deps.js';
import {
  DESCRIPTION_SIZE,
  ID_ATTRIBUTE,
  type AttributeMap,
  type AttributeSpec,
} from './engine/attributes.js';
import type { ResourceDefinition } from './engine/definition.js';
import { toBoolean, validStringOrNone } from './engine/validators.js';

/** Read-only, filterable and (agent_sort_key) sortable. */
const reported = (extra: Partial<AttributeSpec> = {}): AttributeSpec => ({
  allowPost: false,
  allowPut: false,
  sortKey: true,
  ...extra,
});

/** neutron-lib's agent definition, with availability_zone, agent_sort_key and agent-resources-synced. */
export const AGENT_ATTRIBUTES: AttributeMap = {
  ...ID_ATTRIBUTE,
  agent_type: reported(),
  binary: reported(),
  topic: reported(),
  host: reported(),
  admin_state_up: { allowPost: false, allowPut: true, convert: toBoolean, sortKey: true },
  created_at: reported({ filter: false }),
  started_at: reported({ filter: false }),
  heartbeat_timestamp: reported({ filter: false }),
  alive: reported({ convert: toBoolean }),
  configurations: { allowPost: false, allowPut: false, filter: false },
  description: {
    allowPost: false,
    allowPut: true,
    validate: validStringOrNone(DESCRIPTION_SIZE),
    sortKey: true,
  },
  availability_zone: reported(),
  resources_synced: reported({ filter: false }),
};

export function agentsResource(deps: NetworkDeps): ResourceDefinition {
  return {
    singular: 'agent',
    plural: 'agents',
    path: '/agents',
    attributes: AGENT_ATTRIBUTES,
    notFound: { type: 'AgentNotFound', message: (id) => `Agent ${id} could not be found.` },
    allowBulk: false,
    operations: ['list', 'show', 'update', 'delete'],
    handler: new AgentHandler(deps),
  };
}
