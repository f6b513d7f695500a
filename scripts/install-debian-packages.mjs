// Makes sure Debian packages are installed: `node scripts/install-debian-packages.mjs <package>...`.
// As root, missing ones are installed with apt-get (lists refreshed once first: a fresh machine
// may have none); otherwise it fails and names them. Plain Node, no dependencies.
import { execFileSync, spawnSync } from 'node:child_process';

const env = {
  ...process.env,
  // Debian's own tools, never a pyenv or virtualenv python that happens to be first on PATH.
  PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
  DEBIAN_FRONTEND: 'noninteractive',
};
// Another apt run (unattended-upgrades on a fresh machine) may hold the lock; wait, don't fail.
const APT_OPTIONS = ['-o', 'DPkg::Lock::Timeout=600', '-o', 'Acquire::Retries=3'];

function installed(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { env, encoding: 'utf8' });
  if (result.error) {
    console.error(`dpkg-query could not run (${result.error.message}); these suites need Debian's packages`);
    process.exit(1);
  }
  return result.status === 0 && result.stdout.includes('ok installed');
}

const wanted = process.argv.slice(2);
if (wanted.length === 0) {
  console.error('usage: node scripts/install-debian-packages.mjs <package>...');
  process.exit(2);
}
const missing = wanted.filter((name) => !installed(name));
if (missing.length === 0) process.exit(0);

if (process.getuid?.() !== 0) {
  console.error(
    `missing Debian packages: ${missing.join(' ')}. Install them as root ` +
      `(apt-get install --no-install-recommends ${missing.join(' ')}) or run this as root.`,
  );
  process.exit(1);
}
const apt = (args) => execFileSync('apt-get', [...APT_OPTIONS, ...args], { env, stdio: 'inherit' });
const started = Date.now();
console.log(`installing Debian packages: ${missing.join(' ')}`);
apt(['update', '-qq']);
apt(['install', '-y', '--no-install-recommends', ...missing]);
console.log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
