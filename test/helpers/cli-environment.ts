/** What the functional tests need to drive a Debian OpenStack CLI against a cloud they started. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readOpenRc } from '../conformance/openrc.js';

const run = promisify(execFile);

/** Whether `tool` (`openstack`, `swift`...) is installed: its `--version` runs. */
export async function cliInstalled(tool: string): Promise<boolean> {
  try {
    await run(tool, ['--version']);
    return true;
  } catch {
    return false;
  }
}

/** The environment a CLI runs in after `source <openrc>`: this process's, with the file's OS_* variables. */
export function cliEnvironment(openrc: string): NodeJS.ProcessEnv {
  return { ...process.env, ...readOpenRc(openrc) };
}
