import type { Microversion } from '../../../common/http/microversion.js';
import { zoneOfService } from '../../aggregates/availability-zones.js';
import type { ServiceRow } from '../../services/service-registry.js';

/** Microversions that change the services API. */
export const SERVICE_FORCED_DOWN = '2.11';
export const SERVICE_UUID_ID = '2.53';

/** Times as Nova's JSON shows a naive UTC datetime: microseconds, no zone. */
export function novaTime(iso: string | null): string | null {
  return iso === null ? null : iso.replace(/\.(\d{3})Z$/, '.$1000');
}

/**
 * `_get_service_detail`. A compute service is in its host's aggregate zone (`zones`, by host) or
 * the default one; every other service is in the internal zone.
 */
export function serviceDetail(
  row: ServiceRow,
  up: boolean,
  version: Microversion,
  withForcedDown: boolean,
  zones: Map<string, string>,
) {
  return {
    binary: row.binary,
    host: row.host,
    id: version.atLeast(SERVICE_UUID_ID) ? row.uuid : row.id,
    zone: zoneOfService(row, zones),
    status: row.disabled === 1 ? 'disabled' : 'enabled',
    state: up ? 'up' : 'down',
    updated_at: novaTime(row.updated_at),
    disabled_reason: row.disabled_reason,
    ...(withForcedDown ? { forced_down: row.forced_down === 1 } : {}),
  };
}
