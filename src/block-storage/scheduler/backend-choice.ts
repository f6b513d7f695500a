import type { BackendReport } from '../rpc/volume-api.js';
import { satisfiesExtraSpecs } from './extra-spec-match.js';
import { poolCapabilities } from './pool-capabilities.js';

/** What a new volume asks of its backend. */
export interface PlacementRequest {
  sizeGb: number;
  availabilityZone: string;
  /** The type's `volume_backend_name` extra spec, when it has one. */
  volumeBackendName: string | null;
  /** The type's other extra specs, matched against the backends' capabilities. */
  extraSpecs?: Record<string, string>;
}

/**
 * Cinder's filter scheduler with its default filters and weigher: AvailabilityZoneFilter,
 * CapabilitiesFilter (extra-spec-match.ts), CapacityFilter (thin backends may
 * provision up to `max_over_subscription_ratio` times their size, thick ones need the free
 * space) and the CapacityWeigher (most free space first). Null when no backend fits.
 */
export function chooseBackend(reports: BackendReport[], request: PlacementRequest): BackendReport | null {
  const fits = reports.filter(
    (report) =>
      report.availabilityZone === request.availabilityZone &&
      (request.volumeBackendName === null || report.volumeBackendName === request.volumeBackendName) &&
      satisfiesExtraSpecs(poolCapabilities(report), request.extraSpecs ?? {}) &&
      hasRoom(report, request.sizeGb),
  );
  fits.sort((a, b) => virtualFree(b) - virtualFree(a));
  return fits[0] ?? null;
}

function hasRoom(report: BackendReport, sizeGb: number): boolean {
  if (!report.thinProvisioning) return report.freeGb >= sizeGb;
  return (
    report.freeGb > 0 && report.provisionedGb + sizeGb <= report.totalGb * report.maxOverSubscriptionRatio
  );
}

/** The space the weigher ranks by: thin backends by what is left to provision. */
function virtualFree(report: BackendReport): number {
  return report.thinProvisioning
    ? report.totalGb * report.maxOverSubscriptionRatio - report.provisionedGb
    : report.freeGb;
}
