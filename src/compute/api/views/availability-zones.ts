import { INTERNAL_ZONE } from '../../aggregates/availability-zones.js';
import { novaTime } from './services.js';

export interface ServiceState {
  binary: string;
  active: boolean;
  available: boolean;
  updated_at: string | null;
}

/** The plain list: every zone but the internal one, without hosts. */
export function zoneList(zones: { available: string[]; notAvailable: string[] }) {
  const entry = (available: boolean) => (zoneName: string) => ({
    zoneName,
    zoneState: { available },
    hosts: null,
  });
  return {
    availabilityZoneInfo: [
      ...zones.available.filter((zone) => zone !== INTERNAL_ZONE).map(entry(true)),
      ...zones.notAvailable.filter((zone) => zone !== INTERNAL_ZONE).map(entry(false)),
    ],
  };
}

/** The detail: available zones with their hosts' services, the rest with none. */
export function zoneDetail(
  zones: { available: string[]; notAvailable: string[] },
  hostsByZone: Map<string, Map<string, ServiceState[]>>,
) {
  const hostsOf = (zone: string) =>
    Object.fromEntries(
      [...(hostsByZone.get(zone) ?? new Map<string, ServiceState[]>())].map(([host, services]) => [
        host,
        Object.fromEntries(
          services.map(({ binary, ...state }) => [
            binary,
            { ...state, updated_at: novaTime(state.updated_at) },
          ]),
        ),
      ]),
    );
  return {
    availabilityZoneInfo: [
      ...zones.available.map((zoneName) => ({
        zoneName,
        zoneState: { available: true },
        hosts: hostsOf(zoneName),
      })),
      ...zones.notAvailable.map((zoneName) => ({ zoneName, zoneState: { available: false }, hosts: null })),
    ],
  };
}
