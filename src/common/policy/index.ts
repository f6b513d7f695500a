export * from './types.js';
export { authorize } from './authorize.js';
export { createPolicyEnforcer } from './enforcer.js';
export { policyCredentials, type PolicyCredentials } from './credentials.js';
export { parseCheck, PolicySyntaxError, type PolicyCheck } from './parser.js';
