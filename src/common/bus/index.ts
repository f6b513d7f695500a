export * from './bus.js';
export * from './errors.js';
export { InProcessBus, type InProcessBusOptions } from './in-process-bus.js';
export { parseTarget, type Target } from './target.js';
export { RpcClient, serveRpc, type MethodsOf, type RpcMethods } from './rpc-client.js';
