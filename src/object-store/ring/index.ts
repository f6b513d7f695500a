export * from './all-in-one-rings.js';
export * from './hash-path-salt.js';
export * from './hash-path.js';
export * from './ring-builder.js';
export { MAX_PART_POWER, RingFileError, type RingData } from './ring-file.js';
export { MAX_BALANCE } from './ring-stats.js';
export * from './ring-types.js';
export * from './ring.js';
