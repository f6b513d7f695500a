#!/usr/bin/env node
// The `stratus` command; the TypeScript is compiled to dist/ by `npm start`, `npm test` or `npm run build`.
import v8 from 'node:v8';

// V8 grows the young generation up to 32 MiB under a burst of allocation (start-up compiles
// hundreds of route schemas) and keeps it: a quarter of an idle cloud's memory. Keeping it at
// its initial size costs a little throughput (measured in bench/identity) and keeps the idle
// all-in-one process small.
v8.setFlagsFromString('--semi-space-growth-factor=1');
await import('../dist/src/cli/main.js');
