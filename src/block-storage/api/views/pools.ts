import type { BackendReport } from '../../rpc/volume-api.js';
import { volumeHost } from '../../rpc/topics.js';
import type { Pool } from '../../scheduler/pool-filters.js';
import { cinderTime } from './volumes.js';

/**
 * A pool's capabilities as Cinder's scheduler keeps them: the backend's report with the pool's
 * own figures, stamped with the time it came in (`timestamp`). QoS specs with a back-end consumer
 * are not applied by these drivers (`QoS_support` false); none keeps space back.
 */
export function poolView(report: BackendReport, reportedAt: Date): Pool {
  return {
    name: volumeHost(report.backendHost, report.pool),
    capabilities: {
      pool_name: report.pool,
      volume_backend_name: report.volumeBackendName,
      vendor_name: report.vendorName,
      driver_version: report.driverVersion,
      storage_protocol: report.storageProtocol,
      total_capacity_gb: report.totalGb,
      free_capacity_gb: report.freeGb,
      provisioned_capacity_gb: report.provisionedGb,
      reserved_percentage: 0,
      thin_provisioning_support: report.thinProvisioning,
      thick_provisioning_support: !report.thinProvisioning,
      // Text, as Cinder's drivers report it (the option also takes `auto`).
      max_over_subscription_ratio: report.maxOverSubscriptionRatio.toFixed(1),
      QoS_support: false,
      backend_state: 'up',
      timestamp: cinderTime(reportedAt.toISOString()),
    },
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
