import type { ComputeMethods } from '../rpc/compute-api.js';

/** The `args` of a method the agent serves. */
export type ArgsOf<K extends keyof ComputeMethods> = Parameters<ComputeMethods[K]>[0];
