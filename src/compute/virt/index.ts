export * from './capabilities.js';
export type * from './driver.js';
export * from './errors.js';
export * from './power-state.js';
export * from './power-transitions.js';
export type * from './types.js';
export { FakeDriver } from './fake/fake-driver.js';
export { fakeCapabilities, type FakeDriverOptions } from './fake/fake-options.js';
export { FaultInjector, type FaultPredicate, type VirtOperation } from './fake/fault-injector.js';
