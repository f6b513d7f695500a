export { startScheduler, type RunningScheduler } from './start-scheduler.js';
export { DEFAULT_SCHEDULER_SETTINGS, type SchedulerDeps, type SchedulerSettings } from './scheduler-deps.js';
