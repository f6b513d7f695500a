/**
 * The conformance suites: Debian's `openstack` CLI (with osc-placement) and Tempest 33 against
 * one Stratus cloud, for identity, image, placement (Tempest has no placement tests), compute,
 * network, block storage and object storage (with Debian's `swift` CLI and `s3cmd` too).
 * Tempest's compute tests that log into a guest by SSH then run against a second cloud, with real
 * QEMU guests (as root, with QEMU; reported as skipped otherwise).
 *
 *   node dist/test/conformance/main.js                 start a fresh cloud, run both, stop it
 *   node dist/test/conformance/main.js --data-dir DIR  use the running cloud of DIR (its openrc
 *                                                      and openrc.demo), e.g. upstream Keystone
 *                                                      with Glance and Placement in its catalog
 *   --suite cli | --suite tempest                      run one suite only
 *   --service TYPE (repeatable)                        test only these catalog types (e.g. network;
 *                                                      volume is block-storage, as Tempest names it)
 *   --tempest-regex RE (or STRATUS_TEMPEST_REGEX)      run only the Tempest tests RE selects
 *   --concurrency N                                    Tempest workers (default 2)
 *   --wider (or STRATUS_TEMPEST_WIDER=1)               also run and count each service's wider
 *                                                      tempest.api.<service> set (about 25 more
 *                                                      minutes: on demand, not in `npm test`),
 *                                                      and the compute tests needing SSH validation
 *   --tempest-stage api | validation (repeatable)      run only Tempest's tests without, or with,
 *                                                      SSH validation (default both)
 *
 * STRATUS_CONFORMANCE_DATA_DIR does what --data-dir does. Exits non-zero when a CLI check fails
 * or an interop test does not pass; the summary goes to <data dir>/conformance-summary.txt.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { login } from './catalog.js';
import { attachCloud, startCloud, STRATUS_SERVICES, type Cloud } from './cloud.js';
import { DEBIAN_PATH } from './commands.js';
import { installDebianPackages } from './debian-packages.js';
import { runOpenStackCliSuite, type CliArea } from './openstack-cli.js';
import { runTempestSuite, STAGES, type Stage } from './tempest.js';
import {
  INTEROP_LIST_FILE,
  INTEROP_PENDING_FILE,
  readInteropList,
  readPendingList,
} from './tempest-selection.js';
import { runTempestValidation } from './validation-stage.js';

const DEBIAN_PACKAGES = [
  'tempest',
  'python3-openstackclient',
  'python3-osc-placement',
  'python3-swiftclient',
  'qemu-utils',
  's3cmd',
];
const TEMPEST_VERSION = /^(\d+:)?33\.0\.0-/;
/** Names `--service` takes for a catalog type: Tempest's and the CLI's `volume` for Cinder. */
const SERVICE_ALIASES: Record<string, string> = { volume: 'block-storage' };

/** The repository: the nearest folder above this file holding package.json (dist or .build). */
function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root above this script');
    dir = parent;
  }
  return dir;
}

function ensureDebianPackages(root: string): void {
  installDebianPackages(root, DEBIAN_PACKAGES);
  const version = spawnSync('dpkg-query', ['-W', '-f=${Version}', 'tempest'], {
    env: { PATH: DEBIAN_PATH },
    encoding: 'utf8',
  }).stdout;
  if (!TEMPEST_VERSION.test(version)) {
    console.warn(
      `warning: tempest ${version} is installed; the interop test ids are those of Tempest 33.0.0`,
    );
  }
}

function options() {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      suite: { type: 'string', multiple: true },
      service: { type: 'string', multiple: true },
      'tempest-regex': { type: 'string' },
      concurrency: { type: 'string', default: '2' },
      wider: { type: 'boolean', default: process.env.STRATUS_TEMPEST_WIDER === '1' },
      'tempest-stage': { type: 'string', multiple: true },
    },
  });
  const stages = (values['tempest-stage'] ?? [...STAGES]) as Stage[];
  for (const stage of stages) {
    if (!(STAGES as readonly string[]).includes(stage))
      throw new Error(`--tempest-stage: unknown stage "${stage}" (${STAGES.join(', ')})`);
  }
  const suites = values.suite ?? ['cli', 'tempest'];
  for (const suite of suites) {
    if (suite !== 'cli' && suite !== 'tempest')
      throw new Error(`--suite: unknown suite "${suite}" (cli, tempest)`);
  }
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('--concurrency: a positive integer');
  const only = values.service?.map((service) => SERVICE_ALIASES[service] ?? service);
  for (const service of only ?? []) {
    if (!(STRATUS_SERVICES as readonly string[]).includes(service))
      throw new Error(`--service: unknown service "${service}" (${STRATUS_SERVICES.join(', ')}, volume)`);
  }
  return {
    dataDir: values['data-dir'] ?? process.env.STRATUS_CONFORMANCE_DATA_DIR,
    suites,
    only,
    tempestRegex: values['tempest-regex'] ?? process.env.STRATUS_TEMPEST_REGEX,
    concurrency,
    wider: values.wider,
    stages,
  };
}

/**
 * The services to test: those the cloud must serve, and those of ours its catalog lists. A login
 * that fails leaves the expected ones, whose checks then show what is wrong.
 */
async function servicesOf(cloud: Cloud, only: readonly string[] | undefined): Promise<string[]> {
  const listed = await login(cloud.admin).then(
    (admin) => admin.endpoints,
    (error: unknown) => {
      console.error(`cannot read the catalog: ${error instanceof Error ? error.message : String(error)}`);
      return new Map<string, string>();
    },
  );
  const services = STRATUS_SERVICES.filter(
    (type) => (cloud.expectedServices.includes(type) || listed.has(type)) && (!only || only.includes(type)),
  );
  console.log(`testing ${services.join(', ')} (catalog: ${[...listed.keys()].join(', ')})`);
  return services;
}

function cliReport(areas: CliArea[]) {
  const brief: string[] = [];
  const full: string[] = [];
  for (const { service, results } of areas) {
    const failed = results.filter((result) => !result.ok);
    const line = `openstack CLI ${service}: ${results.length} checks: ${results.length - failed.length} passed, ${failed.length} failed`;
    brief.push(line, ...failed.map((result) => `  not ok: ${result.name}`));
    full.push(
      line,
      ...failed.map((result) => `  not ok: ${result.name}\n    ${result.error?.replaceAll('\n', '\n    ')}`),
    );
  }
  const ok = areas.every(({ results }) => results.every((result) => result.ok));
  return { ok, brief, full };
}

async function runSuites(
  cloud: Cloud,
  opts: ReturnType<typeof options>,
  root: string,
  started: (cloud: Cloud) => void,
): Promise<boolean> {
  const services = await servicesOf(cloud, opts.only);
  const brief: string[] = [];
  const full: string[] = [];
  let ok = true;
  if (opts.suites.includes('cli')) {
    console.log('\n--- openstack CLI');
    const report = cliReport(await runOpenStackCliSuite(cloud, services));
    brief.push(...report.brief);
    full.push(...report.full);
    ok &&= report.ok;
  }
  if (opts.suites.includes('tempest')) {
    console.log('\n--- Tempest');
    const interopList = readInteropList(join(root, 'test', 'conformance', INTEROP_LIST_FILE));
    const tempestOptions = {
      services,
      interopList,
      pending: readPendingList(join(root, 'test', 'conformance', INTEROP_PENDING_FILE)),
      regex: opts.tempestRegex,
      concurrency: opts.concurrency,
      wider: opts.wider,
      stages: opts.stages,
    };
    const { report, validation } = await runTempestSuite(cloud, tempestOptions);
    const reports = [report];
    if (opts.stages.includes('validation') && validation.toRun.length > 0) {
      console.log('\n--- Tempest with SSH validation');
      reports.push(
        await runTempestValidation(validation, {
          ...tempestOptions,
          root,
          attached: opts.dataDir && 'the suites run against an attached cloud (--data-dir)',
          started,
        }),
      );
    }
    for (const { brief: line, full: text, ok: passed } of reports) {
      brief.push(line);
      full.push(text);
      ok &&= passed;
    }
  }
  const summaryPath = join(cloud.dataDir, 'conformance-summary.txt');
  writeFileSync(summaryPath, `${full.join('\n')}\n`);
  console.log(`\n=== conformance summary (full: ${summaryPath})\n${brief.join('\n')}`);
  return ok;
}

async function main(): Promise<number> {
  const opts = options();
  const root = repositoryRoot();
  ensureDebianPackages(root);
  const cloud = opts.dataDir ? await attachCloud(opts.dataDir) : await startCloud(root);
  // The clouds to stop on an interruption: this one, and the validation stage's while it runs.
  const clouds = [cloud];
  const interrupted = (signal: NodeJS.Signals) => {
    console.error(`${signal}: stopping the cloud`);
    void Promise.allSettled(clouds.map((running) => running.stop())).finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const ok = await runSuites(cloud, opts, root, (started) => clouds.push(started));
    console.log(ok ? 'conformance: passed' : 'conformance: FAILED');
    return ok ? 0 : 1;
  } finally {
    await cloud.stop();
  }
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error(`conformance: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
