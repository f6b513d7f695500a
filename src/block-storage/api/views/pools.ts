import type { BackendReport } from '../../rpc/volume-api.js';
import { volumeHost } from '../../rpc/topics.js';
import { poolCapabilities } from '../../scheduler/pool-capabilities.js';
import type { Pool } from '../../scheduler/pool-filters.js';
import { cinderTime } from './volumes.js';

/** A pool as get-pools shows it: its capabilities stamped with the time they came in (`timestamp`). */
export function poolView(report: BackendReport, reportedAt: Date): Pool {
  return {
    name: volumeHost(report.backendHost, report.pool),
    capabilities: { ...poolCapabilities(report), timestamp: cinderTime(reportedAt.toISOString()) },
  };
}

/** Cinder's standard capabilities (`_init_standard_capabilities`): extra specs every backend documents. */
const STANDARD_PROPERTIES = {
  thin_provisioning: { title: 'Thin Provisioning', description: 'Sets thin provisioning.', type: 'boolean' },
  compression: { title: 'Compression', description: 'Enables compression.', type: 'boolean' },
  qos: { title: 'QoS', description: 'Enables QoS.', type: 'boolean' },
  replication_enabled: { title: 'Replication', description: 'Enables replication.', type: 'boolean' },
};

/**
 * `GET /capabilities/{host}` of a volume service (`host@backend`, its topic queue): what the
 * backend says of itself. Its pools are listed by get-pools, so no one pool is named here, as
 * with Cinder's drivers that report pools.
 */
export function backendCapabilitiesView(report: BackendReport) {
  return {
    namespace: `OS::Storage::Capabilities::${report.backendHost}`,
    vendor_name: report.vendorName,
    volume_backend_name: report.volumeBackendName,
    pool_name: null,
    driver_version: report.driverVersion,
    storage_protocol: report.storageProtocol,
    display_name: null,
    description: null,
    visibility: null,
    replication_targets: [],
    properties: STANDARD_PROPERTIES,
  };
}
