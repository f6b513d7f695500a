#!/usr/bin/env node
// The `stratus` command; the TypeScript is compiled to dist/ by `npm start`, `npm test` or `npm run build`.
import '../dist/src/cli/main.js';
