/**
 * Debian's Tempest 33 against the cloud, in one run: the identity tests of the interop guideline
 * (each must pass) together with every identity v3 test of Tempest (counted and reported; their
 * failures show how far the cloud is from Keystone but do not fail the suite).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cloud } from './cloud.js';
import { lastLines, runCommand, runForBytes } from './commands.js';
import { INTEROP_IDENTITY_TESTS } from './interop-identity.js';
import { parseSubunit } from './subunit.js';
import { probeAccessRules, tempestConf } from './tempest-conf.js';
import {
  countsLine,
  describeProblems,
  failedTeardowns,
  judge,
  summarize,
  type SetSummary,
  type TestVerdict,
} from './tempest-results.js';

const TEMPEST = '/usr/bin/tempest';
const STESTR = '/usr/bin/stestr';
/** Every Keystone v3 test of Tempest, admin ones included; the v2 API is gone from Keystone. */
export const IDENTITY_V3_REGEX = '^tempest\\.api\\.identity\\.(admin\\.)?v3\\.';
const RUN_TIMEOUT_MS = 30 * 60_000;

export interface TempestOptions {
  /** Run only the tests this regex selects (interop tests among them are still judged). */
  regex?: string;
  concurrency: number;
}

export interface TempestReport {
  /** False when an interop identity test did not pass. */
  ok: boolean;
  /** What CI shows: counts, and the problems with the ends of their tracebacks. */
  brief: string;
  /** The same with longer tracebacks, for the summary file. */
  full: string;
}

/** The ids `stestr list` gives for a regex, in the workspace's test tree. */
async function listTests(workspace: string, regex: string): Promise<string[]> {
  const result = await runCommand(STESTR, ['list', regex], { cwd: workspace, timeoutMs: 120_000 });
  if (result.status !== 0) throw new Error(`stestr list ${regex} failed:\n${result.stderr}`);
  return result.stdout.split('\n').filter((line) => line.startsWith('tempest.'));
}

function report(interop: SetSummary, wider: SetSummary, teardowns: TestVerdict[], lines: number): string {
  const parts = [countsLine(interop), describeProblems(interop.tests, lines), countsLine(wider)];
  parts.push(describeProblems(wider.tests, lines));
  if (teardowns.length > 0) {
    parts.push(`tearDownClass failures (cleanup after passing tests):`, describeProblems(teardowns, lines));
  }
  return parts.filter((part) => part.trim()).join('\n');
}

/** A fresh Tempest workspace in the cloud's data dir, its tempest.conf written for the cloud. */
async function prepareWorkspace(
  cloud: Cloud,
): Promise<{ workspace: string; confPath: string; accessRules: boolean }> {
  const workspace = mkdtempSync(join(cloud.dataDir, 'tempest-'));
  const init = await runCommand(
    TEMPEST,
    [
      'init',
      '--name',
      `stratus-conformance-${randomBytes(4).toString('hex')}`,
      // Register the workspace beside it, not in the user's ~/.tempest/workspace.yaml.
      '--workspace-path',
      join(workspace, 'workspace.yaml'),
      workspace,
    ],
    // Not from inside the workspace: init wants an empty directory and writes its log to the cwd.
    { cwd: cloud.dataDir, timeoutMs: 120_000 },
  );
  if (init.status !== 0) throw new Error(`tempest init failed:\n${init.stderr}${init.stdout}`);
  const accessRules = await probeAccessRules(cloud.admin);
  const confPath = join(workspace, 'etc', 'tempest.conf');
  const conf = tempestConf({
    admin: cloud.admin,
    logDir: join(workspace, 'logs'),
    lockPath: join(workspace, 'tempest_lock'),
    accessRules,
  });
  writeFileSync(confPath, conf);
  return { workspace, confPath, accessRules };
}

/** `tempest run` of the tests in `loadList`; its output goes to tempest-run.log, failures also to us. */
async function runTests(workspace: string, confPath: string, loadList: string, concurrency: number) {
  const logPath = join(workspace, 'tempest-run.log');
  const log = createWriteStream(logPath);
  const started = Date.now();
  let partialLine = '';
  const run = await runCommand(
    TEMPEST,
    ['run', '--config-file', confPath, '--load-list', loadList, '--concurrency', String(concurrency)],
    {
      cwd: workspace,
      timeoutMs: RUN_TIMEOUT_MS,
      onStdout: (text) => {
        log.write(text);
        // Only failures as they happen (whole lines: chunks may end mid-line); the rest is in the log.
        const lines = (partialLine + text).split('\n');
        partialLine = lines.pop() ?? '';
        for (const line of lines) if (/\.\.\. FAILED$/.test(line)) console.log(`  ${line.trim()}`);
      },
    },
  );
  log.end(run.stderr);
  if (run.timedOut) console.error(`tempest run timed out after ${RUN_TIMEOUT_MS / 60_000} min`);
  console.log(`tempest: finished in ${Math.round((Date.now() - started) / 1000)} s (log ${logPath})`);
  try {
    return parseSubunit(await runForBytes(STESTR, ['last', '--subunit'], { cwd: workspace }));
  } catch (error) {
    const output = lastLines(`${run.stdout}\n${run.stderr}`, 20);
    throw new Error(`tempest run left no results; its output:\n${output}`, { cause: error });
  }
}

export async function runTempestSuite(cloud: Cloud, options: TempestOptions): Promise<TempestReport> {
  const { workspace, confPath, accessRules } = await prepareWorkspace(cloud);
  const regex = options.regex ?? IDENTITY_V3_REGEX;
  const selected = await listTests(workspace, regex);
  const interopIds = options.regex
    ? INTEROP_IDENTITY_TESTS.filter((id) => selected.includes(id))
    : INTEROP_IDENTITY_TESTS;
  const toRun = [...new Set([...selected, ...interopIds])];
  if (toRun.length === 0) throw new Error(`no Tempest test matches ${regex}`);
  const loadList = join(workspace, 'load-list');
  writeFileSync(loadList, `${toRun.join('\n')}\n`);
  console.log(
    `tempest: running ${toRun.length} tests (${interopIds.length} interop, regex ${regex}), ` +
      `concurrency ${options.concurrency}, access_rules=${accessRules}, workspace ${workspace}`,
  );
  const outcomes = await runTests(workspace, confPath, loadList, options.concurrency);

  const interop = summarize('Tempest interop identity (platform 2022.11)', judge(interopIds, outcomes));
  const widerTitle = regex === IDENTITY_V3_REGEX ? 'Tempest identity v3' : 'Tempest selection';
  const wider = summarize(`${widerTitle} (${regex})`, judge(selected, outcomes));
  const teardowns = failedTeardowns(outcomes);
  return {
    ok: interop.counts.passed === interopIds.length,
    brief: report(interop, wider, teardowns, 6),
    full: `${report(interop, wider, teardowns, 40)}\n\nworkspace: ${workspace}\n`,
  };
}
