export { startConductor, type RunningConductor } from './start-conductor.js';
export { DEFAULT_CONDUCTOR_SETTINGS, type ConductorDeps, type ConductorSettings } from './conductor-deps.js';
