// `npm test`: unit, driver contract, functional and (as root) data-plane suites with node:test, then the conformance
// suites (real `openstack` CLI and Tempest against one started cloud), which install their Debian
// packages when run as root.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist', 'test');

function run(label, args) {
  console.log(`\n=== ${label}`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${label} failed`);
    process.exit(result.status ?? 1);
  }
}

run('unit, contract and functional tests', [
  '--test',
  '--test-concurrency=2',
  join(dist, 'unit'),
  join(dist, 'contract'),
  join(dist, 'functional'),
  // Real bridges, namespaces and processes, as root; the suites skip themselves otherwise.
  join(dist, 'e2e'),
]);
if (process.env.STRATUS_SKIP_CONFORMANCE !== '1') {
  run('conformance', [join(dist, 'conformance', 'main.js')]);
}
