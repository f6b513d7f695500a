// bench/identity: token issue (password and token methods) and validation per second at
// concurrency 8, measured with wrk against a cloud started in its own process, next to what
// the password KDF alone allows; and the idle resident memory of the all-in-one process.
// Run on demand: `npm run build && node dist/bench/identity/main.js`.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../../src/common/config/index.js';
import { freePort } from '../../src/gateway/free-port.js';
import { hashPassword, SCRYPT_BLOCK_SIZE, SCRYPT_PARALLELISM } from '../../src/identity/passwords.js';

const CONCURRENCY = 8;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PASSWORD = 'bench-password';

function ensureWrk(): void {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (error) {
    // wrk prints its version and exits 1; only a missing binary is a problem.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return;
    if (process.getuid?.() !== 0) throw new Error('wrk is missing: apt-get install wrk', { cause: error });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'wrk'], { stdio: 'inherit' });
  }
}

/** Runs wrk with a request described in Lua and returns requests per second, failing on errors. */
function wrk(name: string, url: string, lua: string): number {
  const script = join(tmpdir(), `stratus-bench-${name}.lua`);
  writeFileSync(script, lua);
  const output = execFileSync('wrk', ['-t2', `-c${CONCURRENCY}`, `-d${SECONDS}s`, '-s', script, url], {
    encoding: 'utf8',
  });
  const failures = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  if (failures) throw new Error(`${name}: ${failures[1]} requests failed\n${output}`);
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(output)![1]);
}

const luaString = (value: string) => JSON.stringify(value);

async function main() {
  ensureWrk();
  const dataDir = mkdtempSync(join(tmpdir(), 'stratus-bench-'));
  const port = await freePort('127.0.0.1');
  const cost = defaultConfig(dataDir).identity.password_hash_cost;
  const cloud = spawn(process.execPath, ['bin/stratus.js', 'up'], {
    env: {
      ...process.env,
      STRATUS_DATA_DIR: dataDir,
      STRATUS_PORT: String(port),
      STRATUS_LOG_LEVEL: 'warn',
      STRATUS_IDENTITY__ADMIN_PASSWORD: PASSWORD,
      STRATUS_IDENTITY__DEMO_PASSWORD: PASSWORD,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}/identity/v3`;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(base)).ok) break;
      } catch {
        if (i > 300) throw new Error('the cloud did not start');
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${cloud.pid}/status`, 'utf8'))![1]) / 1024;

    const passwordAuth = JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'admin', domain: { id: 'default' }, password: PASSWORD } },
        },
        scope: { project: { name: 'admin', domain: { id: 'default' } } },
      },
    });
    const issued = await fetch(`${base}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: passwordAuth,
    });
    const token = issued.headers.get('x-subject-token')!;
    const tokenAuth = JSON.stringify({
      auth: {
        identity: { methods: ['token'], token: { id: token } },
        scope: { project: { name: 'admin', domain: { id: 'default' } } },
      },
    });

    const hashes = 8;
    const started = performance.now();
    for (let i = 0; i < hashes; i++) await hashPassword(PASSWORD, cost);
    const hashMs = (performance.now() - started) / hashes;
    const kdfLimit = (availableParallelism() * 1000) / hashMs;

    const post = (body: string) =>
      `wrk.method = "POST"\nwrk.body = ${luaString(body)}\nwrk.headers["Content-Type"] = "application/json"\n`;
    const issuePassword = wrk('issue-password', `${base}/auth/tokens?nocatalog`, post(passwordAuth));
    const issueToken = wrk('issue-token', `${base}/auth/tokens`, post(tokenAuth));
    const validate = wrk(
      'validate',
      `${base}/auth/tokens`,
      `wrk.headers["X-Auth-Token"] = ${luaString(token)}\nwrk.headers["X-Subject-Token"] = ${luaString(token)}\n`,
    );

    console.log(
      `kdf scrypt log2N=${cost} r=${SCRYPT_BLOCK_SIZE} p=${SCRYPT_PARALLELISM}: ${hashMs.toFixed(1)} ms per hash, ${availableParallelism()} cores`,
    );
    console.log(`kdf_limit_per_second ${kdfLimit.toFixed(1)}`);
    console.log(
      `token_issue_password_per_second ${issuePassword.toFixed(1)} (${((100 * issuePassword) / kdfLimit).toFixed(0)}% of the KDF limit; target 90%)`,
    );
    console.log(`token_issue_token_per_second ${issueToken.toFixed(1)} (target 2000)`);
    console.log(`token_validate_per_second ${validate.toFixed(1)} (target 5000)`);
    console.log(`idle_rss_mb ${rss.toFixed(1)} (target under 150)`);
  } finally {
    cloud.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
