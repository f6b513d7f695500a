export * from './connect.js';
export * from './migrate.js';
