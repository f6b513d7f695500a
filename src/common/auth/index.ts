export * from './context.js';
export * from './token-cache.js';
export * from './authenticate.js';
export * from './access-rules.js';
