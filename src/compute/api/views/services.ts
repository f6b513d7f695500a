import type { Microversion } from '../../../common/http/microversion.js';
import type { ServiceRow } from '../../services/service-registry.js';

/** Microversions that change the services API. */
export const SERVICE_FORCED_DOWN = '2.11';
export const SERVICE_UUID_ID = '2.53';

/** `CONF.default_availability_zone` and `CONF.internal_service_availability_zone`. */
const DEFAULT_ZONE = 'nova';
const INTERNAL_ZONE = 'internal';

/** Times as Nova's JSON shows a naive UTC datetime: microseconds, no zone. */
function novaTime(iso: string | null): string | null {
  return iso === null ? null : iso.replace(/\.(\d{3})Z$/, '.$1000');
}

/**
 * `_get_service_detail`. Compute services sit in the default zone until host aggregates can put
 * them elsewhere; every other service is in the internal zone.
 */
export function serviceDetail(row: ServiceRow, up: boolean, version: Microversion, withForcedDown: boolean) {
  return {
    binary: row.binary,
    host: row.host,
    id: version.atLeast(SERVICE_UUID_ID) ? row.uuid : row.id,
    zone: row.binary === 'nova-compute' ? DEFAULT_ZONE : INTERNAL_ZONE,
    status: row.disabled === 1 ? 'disabled' : 'enabled',
    state: up ? 'up' : 'down',
    updated_at: novaTime(row.updated_at),
    disabled_reason: row.disabled_reason,
    ...(withForcedDown ? { forced_down: row.forced_down === 1 } : {}),
  };
}
