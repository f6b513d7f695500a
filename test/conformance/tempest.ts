/**
 * Debian's Tempest 33 against the cloud, in one run for every service it serves (identity, and
 * image, compute, network, block storage and object storage when the catalog has them): the
 * service's tests of the interop guideline (each must pass) together with all of Tempest's tests of its API (counted and reported; their failures show
 * how far the cloud is from upstream but do not fail the suite). See tempest-selection.ts.
 *
 * The tests that log into a guest by SSH are left to a second stage (runValidationStage), run
 * against a cloud with real guests, judged and counted the same way.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { login } from './catalog.js';
import type { Cloud } from './cloud.js';
import { lastLines, runCommand, runForBytes } from './commands.js';
import { parseSubunit } from './subunit.js';
import { tempestConf } from './tempest-conf.js';
import { declareMetadefResourceTypes, probeAccessRules, probeImportMethods } from './tempest-probes.js';
import { prepareComputeResources, prepareGuestResources } from './tempest-compute.js';
import { probeNetwork } from './tempest-network.js';
import { probeVolume } from './volume-tempest.js';
import { probeObjectStore } from './object-store-tempest.js';
import {
  countsLine,
  describeProblems,
  failedTeardowns,
  judge,
  summarize,
  withoutAttributes,
  type SetSummary,
  type TestVerdict,
} from './tempest-results.js';
import {
  asListed,
  INTEROP_PENDING_FILE,
  selectTests,
  splitOffValidation,
  TEMPEST_SERVICES,
  widerRegex,
  type Selection,
} from './tempest-selection.js';

const TEMPEST = '/usr/bin/tempest';
const STESTR = '/usr/bin/stestr';
const RUN_TIMEOUT_MS = 45 * 60_000;
const INTEROP_TITLE = 'platform 2022.11';

export interface TempestOptions {
  /** The catalog types to test (those without Tempest tests, such as placement, are ignored). */
  services: readonly string[];
  /** The interop guideline's test ids (tempest-selection.ts readInteropList). */
  interopList: readonly string[];
  /** Interop tests waiting for a service Stratus does not have yet, by id without attributes. */
  pending: ReadonlyMap<string, string>;
  /** Run only the tests this regex selects (interop tests among them are still judged). */
  regex?: string;
  /** Run (and count, never judge) each service's wider `tempest.api.<service>` set too. */
  wider: boolean;
  concurrency: number;
  /** The stages to run: without SSH validation (`api`), with it (`validation`). */
  stages: readonly Stage[];
}

export interface TempestReport {
  /** False when an interop test did not pass. */
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

function report(sets: SetSummary[], teardowns: TestVerdict[], lines: number): string {
  const parts = sets.flatMap((set) => [countsLine(set), describeProblems(set.tests, lines)]);
  if (teardowns.length > 0) {
    parts.push(`tearDownClass failures (cleanup after passing tests):`, describeProblems(teardowns, lines));
  }
  return parts.filter((part) => part.trim()).join('\n');
}

/**
 * A fresh Tempest workspace in the cloud's data dir, its tempest.conf written for the cloud: with
 * real guests, its default image to boot and SSH validation on.
 */
async function prepareWorkspace(cloud: Cloud, services: readonly string[]) {
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
  const admin = await login(cloud.admin);
  const accessRules = await probeAccessRules(cloud.admin, admin);
  const imageUrl = admin.endpoints.get('image');
  const image = services.includes('image')
    ? { importMethods: imageUrl ? await probeImportMethods(imageUrl, admin) : [] }
    : undefined;
  if (image && imageUrl) await declareMetadefResourceTypes(imageUrl, admin);
  const computeUrl = admin.endpoints.get('compute');
  const guests =
    cloud.realGuests && computeUrl && imageUrl
      ? await prepareGuestResources(computeUrl, imageUrl, admin)
      : undefined;
  const compute =
    services.includes('compute') && computeUrl && imageUrl
      ? {
          ...(guests ?? (await prepareComputeResources(computeUrl, imageUrl, admin))),
          hosts: cloud.computeHosts,
        }
      : undefined;
  const networkUrl = admin.endpoints.get('network');
  const network =
    services.includes('network') && networkUrl ? await probeNetwork(networkUrl, admin) : undefined;
  const volume = services.includes('block-storage') ? await probeVolume(admin) : undefined;
  const objectStore = services.includes('object-store') ? await probeObjectStore(admin) : undefined;
  const confPath = join(workspace, 'etc', 'tempest.conf');
  const conf = tempestConf({
    admin: cloud.admin,
    logDir: join(workspace, 'logs'),
    lockPath: join(workspace, 'tempest_lock'),
    accessRules,
    image,
    compute,
    network,
    volume,
    objectStore,
    validation: guests && { sshUser: guests.sshUser },
  });
  writeFileSync(confPath, conf);
  const features = [`access_rules=${accessRules}`];
  if (guests) features.push(`SSH validation as ${guests.sshUser}`);
  if (image) features.push(`image import methods: ${image.importMethods.join(', ') || 'none'}`);
  if (volume) features.push(`volume backends: ${volume.backendNames.join(', ') || 'none listed'}`);
  if (objectStore)
    features.push(`object storage capabilities: ${objectStore.capabilities.join(', ') || 'none'}`);
  if (network) {
    features.push(
      `public network ${network.publicNetworkId || 'missing'}`,
      `IPv6 subnet modes ${network.ipv6SubnetAttributes ? 'yes' : 'no'}`,
      `network extensions: ${network.extensions.join(', ') || 'none'}`,
    );
  }
  return { workspace, confPath, features: features.join(', ') };
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

/** The tests that need no guest to log into, and those that log into one by SSH. */
export const STAGES = ['api', 'validation'] as const;
export type Stage = (typeof STAGES)[number];
const STAGE_SUFFIX: Record<Stage, string> = { api: '', validation: ' needing SSH validation' };

/**
 * The sets of a selection (interop judged, pending, wider, others), each test given its verdict,
 * and whether every judged interop test passed.
 */
function reportSelection(
  selection: Selection,
  verdicts: (ids: readonly string[]) => TestVerdict[],
  { pending, regex, stage }: { pending: ReadonlyMap<string, string>; regex: string; stage: Stage },
  teardowns: TestVerdict[],
  workspace: string,
): TempestReport {
  const suffix = STAGE_SUFFIX[stage];
  const isPending = (id: string) => pending.has(withoutAttributes(id));
  const interopSets = selection.services.map(({ service, interop }) =>
    summarize(
      `Tempest interop ${service.type}${suffix} (${INTEROP_TITLE})`,
      verdicts(interop.filter((id) => !isPending(id))),
    ),
  );
  // Reported, never judged: they pass once the service they wait for exists.
  const pendingSets = selection.services
    .map(({ service, interop }) => ({ service, tests: interop.filter(isPending) }))
    .filter(({ tests }) => tests.length > 0)
    .map(({ service, tests }) =>
      summarize(
        `Tempest interop ${service.type}${suffix} waiting for a service Stratus lacks (${INTEROP_PENDING_FILE})`,
        verdicts(tests),
      ),
    );
  const widerSets = selection.services
    .filter(({ wider }) => wider.length > 0)
    .map(({ service, wider }) =>
      summarize(`${service.widerTitle}${suffix} (${service.widerRegex})`, verdicts(wider)),
    );
  const otherSets =
    selection.others.length > 0
      ? [summarize(`Tempest other tests of ${regex}${suffix}`, verdicts(selection.others))]
      : [];
  const sets = [...interopSets, ...pendingSets, ...widerSets, ...otherSets];
  return {
    ok: interopSets.every((set) => set.counts.passed === set.tests.length),
    brief: report(sets, teardowns, 6),
    full: `${report(sets, teardowns, 40)}\n\nworkspace: ${workspace}\n`,
  };
}

/**
 * Runs a selection's tests in a workspace prepared for the cloud and reports them. `listed`: what
 * `stestr list` gives in that workspace, whose ids (attributes as its tempest.conf makes them)
 * the load list must use.
 */
async function runStage(
  { workspace, confPath, features }: Awaited<ReturnType<typeof prepareWorkspace>>,
  selection: Selection,
  listed: readonly string[],
  options: TempestOptions & { regex: string; stage: Stage },
): Promise<TempestReport> {
  const loadList = join(workspace, 'load-list');
  writeFileSync(loadList, `${[...new Set(asListed(selection.toRun, listed))].join('\n')}\n`);
  const interopCount = selection.services.reduce((sum, s) => sum + s.interop.length, 0);
  const types = selection.services.map((s) => s.service.type).join(', ');
  console.log(
    `tempest: running ${selection.toRun.length} tests (${interopCount} interop)${types && ` of ${types}`}` +
      `${STAGE_SUFFIX[options.stage]}, concurrency ${options.concurrency}, ${features}, workspace ${workspace}`,
  );
  const outcomes = await runTests(workspace, confPath, loadList, options.concurrency);
  return reportSelection(
    selection,
    (ids) => judge(ids, outcomes),
    options,
    failedTeardowns(outcomes),
    workspace,
  );
}

export interface ApiStageResult {
  report: TempestReport;
  /** The selected tests that need SSH validation, for runValidationStage (empty: none selected). */
  validation: Selection;
}

/** The first stage: the selected tests that need no guest to log into, against `cloud`. */
export async function runTempestSuite(cloud: Cloud, options: TempestOptions): Promise<ApiStageResult> {
  const served = TEMPEST_SERVICES.filter((service) => options.services.includes(service.type));
  const prepared = await prepareWorkspace(cloud, options.services);
  const regex = options.regex ?? widerRegex(served);
  const listed = await listTests(prepared.workspace, regex);
  const selection = selectTests(options.interopList, served, listed, {
    customRegex: options.regex,
    wider: options.wider,
  });
  if (selection.toRun.length === 0) throw new Error(`no Tempest test matches ${regex}`);
  const { api, validation } = splitOffValidation(selection);
  const leftOut = (why: string) => ({ ok: true, brief: `Tempest: ${why}`, full: `Tempest: ${why}` });
  const report = !options.stages.includes('api')
    ? leftOut('the stage without SSH validation is left out (--tempest-stage)')
    : api.toRun.length === 0
      ? leftOut(`every test of ${regex} needs SSH validation`)
      : await runStage(prepared, api, listed, { ...options, regex, stage: 'api' });
  return { report, validation };
}

/**
 * The second stage: the tests that log into a guest by SSH, against a cloud with real guests
 * (every service it serves is configured: the guest needs a network and a floating IP).
 */
export async function runValidationStage(
  cloud: Cloud,
  selection: Selection,
  options: TempestOptions,
): Promise<TempestReport> {
  const regex = options.regex ?? widerRegex(selection.services.map((s) => s.service));
  const prepared = await prepareWorkspace(cloud, cloud.expectedServices);
  const listed = await listTests(prepared.workspace, regex);
  return runStage(prepared, selection, listed, { ...options, regex, stage: 'validation' });
}

/** The second stage's report when it cannot run here: every test skipped, with the reason. */
export function skippedValidationStage(
  selection: Selection,
  options: TempestOptions,
  reason: string,
): TempestReport {
  const regex = options.regex ?? widerRegex(selection.services.map((s) => s.service));
  const skipped = (ids: readonly string[]) =>
    ids.map((id): TestVerdict => ({ id, verdict: 'skipped', detail: `SSH validation stage: ${reason}` }));
  const report = reportSelection(
    selection,
    skipped,
    { ...options, regex, stage: 'validation' },
    [],
    '(none)',
  );
  // Nothing failed: the stage could not run here.
  return { ...report, ok: true };
}
