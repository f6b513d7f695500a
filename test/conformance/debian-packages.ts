/**
 * Debian packages the suites need, through the repository's installer script: as root, missing
 * ones are installed with apt-get; otherwise it names them and fails.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export function installDebianPackages(root: string, packages: readonly string[]): void {
  const script = join(root, 'scripts', 'install-debian-packages.mjs');
  const install = spawnSync(process.execPath, [script, ...packages], { stdio: 'inherit' });
  if (install.status !== 0) throw new Error(`the Debian packages ${packages.join(', ')} are missing`);
}
