/**
 * Tempest's second stage: the compute tests that boot a guest and log into it by SSH, against a
 * cloud of their own with real QEMU guests (TCG) on the Linux data plane, started for them and
 * stopped after. It needs root and QEMU (and installs the rest it needs); without them, or
 * against an attached cloud, its tests are reported as skipped with the reason.
 */
import { startCloud, type Cloud } from './cloud.js';
import { installDebianPackages } from './debian-packages.js';
import { REAL_GUEST_PACKAGES, realGuestsSkipReason } from './real-guests.js';
import {
  runValidationStage,
  skippedValidationStage,
  type TempestOptions,
  type TempestReport,
} from './tempest.js';
import type { Selection } from './tempest-selection.js';

export interface ValidationStageOptions extends TempestOptions {
  /** The repository, whose bin/stratus.js starts the cloud. */
  root: string;
  /** Why the suites run against a cloud they did not start, when they do (--data-dir). */
  attached?: string;
  /** Called with the cloud once it runs, so that an interrupted run stops it too. */
  started: (cloud: Cloud) => void;
}

const seconds = (since: number) => Math.round((Date.now() - since) / 1000);

export async function runTempestValidation(
  selection: Selection,
  options: ValidationStageOptions,
): Promise<TempestReport> {
  const reason = options.attached ?? realGuestsSkipReason();
  if (reason) {
    console.log(`tempest: the SSH validation stage is skipped: ${reason}`);
    return skippedValidationStage(selection, options, reason);
  }
  installDebianPackages(options.root, REAL_GUEST_PACKAGES);
  const began = Date.now();
  const cloud = await startCloud(options.root, { realGuests: true });
  options.started(cloud);
  const startSeconds = seconds(began);
  try {
    const report = await runValidationStage(cloud, selection, options);
    const timing = `Tempest SSH validation stage: ${seconds(began)} s (its cloud with real guests started in ${startSeconds} s)`;
    console.log(timing);
    return {
      ...report,
      brief: `${report.brief}\n${timing}`,
      full: `${report.full}${timing}\ncloud: ${cloud.dataDir}\n`,
    };
  } finally {
    await cloud.stop();
  }
}
