export {
  DEFAULT_AGENT_SETTINGS,
  DEFAULT_AGENT_TIMING,
  type AgentSettings,
  type AgentTiming,
  type ComputeAgentDeps,
} from './agent-settings.js';
export { startComputeAgent, type ComputeAgent } from './compute-agent.js';
export { AgentStopped } from './lifecycle.js';
