import type { BackendReport } from '../rpc/volume-api.js';

/**
 * A pool's capabilities as Cinder's scheduler keeps them: what its backend reported, with the
 * pool's own figures; what volume types' extra specs are matched against and get-pools shows.
 * QoS specs with a back-end consumer are not applied by these drivers (`QoS_support` false);
 * none keeps space back.
 */
export function poolCapabilities(report: BackendReport): Record<string, unknown> {
  return {
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
  };
}
