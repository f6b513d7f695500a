/**
 * What the object storage CLI checks share: Debian's `swift` CLI (python3-swiftclient) run as a
 * user with an openrc, the files they upload with their MD5s, and the middlewares the cloud's
 * `/info` lists, which say whether a check that needs one can run yet.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Checks } from './checks.js';
import { lastLines, runCommand } from './commands.js';
import type { OpenRc } from './openrc.js';

const SWIFT = '/usr/bin/swift';
const CURL = '/usr/bin/curl';
const COMMAND_TIMEOUT_MS = 120_000;

/** Runs `swift` in `cwd` (where uploads are read and downloads written); must succeed. */
export async function swift(env: OpenRc, cwd: string, args: string[]): Promise<string> {
  const result = await runCommand(SWIFT, args, { env, cwd, timeoutMs: COMMAND_TIMEOUT_MS });
  if (result.status !== 0) {
    const output = [result.stderr, result.stdout].filter((text) => text.trim()).join('\n');
    const status = result.timedOut ? 'timed out' : `exit ${result.status}`;
    throw new Error(`swift ${args.join(' ')}: ${status}\n${lastLines(output || '(no output)', 8)}`);
  }
  return result.stdout;
}

/** The lines `swift list` prints. */
export const listed = (stdout: string) => stdout.split('\n').filter(Boolean);

/** `Key: value` lines of `swift stat`, by key. */
export function statFields(stdout: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const match = /^\s*([^:]+):\s?(.*)$/.exec(line);
    if (match) fields.set(match[1].trim(), match[2].trim());
  }
  return fields;
}

/** GET of a URL with curl, as a user with a temporary URL does: the status and the body's bytes. */
export async function curlGet(url: string): Promise<{ status: number; body: Buffer }> {
  const dir = mkdtempSync(join(process.env.TMPDIR ?? '/tmp', 'stratus-curl-'));
  const out = join(dir, 'body');
  const result = await runCommand(CURL, ['-sS', '-o', out, '-w', '%{http_code}', url], {
    timeoutMs: COMMAND_TIMEOUT_MS,
  });
  if (result.status !== 0) throw new Error(`curl ${url}: exit ${result.status}\n${result.stderr}`);
  return { status: Number(result.stdout.trim()), body: readFileSync(out) };
}

export interface UploadFile {
  /** The object name: the path under the upload folder. */
  name: string;
  bytes: Buffer;
  md5: string;
}

/** Writes files of `size` random bytes under `dir`, at the object names given. */
export function makeUploadFiles(dir: string, sizes: Record<string, number>): Record<string, UploadFile> {
  const files: Record<string, UploadFile> = {};
  for (const [name, size] of Object.entries(sizes)) {
    const bytes = randomBytes(size);
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
    files[name] = { name, bytes, md5: createHash('md5').update(bytes).digest('hex') };
  }
  return files;
}

/**
 * A check that needs a middleware the proxy may not run yet: run when `/info` lists it, else
 * reported as skipped (a TAP `# SKIP` in the name) so the suite stays green until it lands.
 */
export async function checkWith<T>(
  checks: Checks,
  capabilities: readonly string[],
  middleware: string,
  name: string,
  step: () => Promise<T>,
): Promise<T | undefined> {
  if (capabilities.includes(middleware)) return checks.check(`${name} [${middleware}]`, step);
  await checks.check(`${name} # SKIP needs the ${middleware} middleware, which /info does not list`, () =>
    Promise.resolve(),
  );
  return undefined;
}
