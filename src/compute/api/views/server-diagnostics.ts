import { powerStateNames } from '../../virt/power-state.js';
import type { InstanceDiagnostics } from '../../virt/types.js';

/** From 2.48 (`ViewBuilder.instance_diagnostics`): the same fields whatever the driver. */
export function diagnosticsView(diagnostics: InstanceDiagnostics) {
  return {
    state: powerStateNames[diagnostics.powerState],
    driver: diagnostics.driver,
    hypervisor: diagnostics.hypervisor,
    hypervisor_os: diagnostics.hypervisorOs,
    uptime: diagnostics.uptimeSec,
    config_drive: diagnostics.configDrive,
    num_cpus: diagnostics.cpus.length,
    num_nics: diagnostics.nics.length,
    num_disks: diagnostics.disks.length,
    memory_details: { maximum: diagnostics.memory.maximumMb, used: diagnostics.memory.usedMb },
    cpu_details: diagnostics.cpus.map((cpu) => ({
      id: cpu.id,
      time: cpu.timeNs,
      utilisation: cpu.utilisation,
    })),
    nic_details: diagnostics.nics.map((nic) => ({
      mac_address: nic.macAddress,
      rx_octets: nic.rxOctets,
      rx_errors: nic.rxErrors,
      rx_drop: nic.rxDrop,
      rx_packets: nic.rxPackets,
      rx_rate: nic.rxRate,
      tx_octets: nic.txOctets,
      tx_errors: nic.txErrors,
      tx_drop: nic.txDrop,
      tx_packets: nic.txPackets,
      tx_rate: nic.txRate,
    })),
    disk_details: diagnostics.disks.map((disk) => ({
      read_bytes: disk.readBytes,
      read_requests: disk.readRequests,
      write_bytes: disk.writeBytes,
      write_requests: disk.writeRequests,
      errors_count: disk.errorsCount,
    })),
  };
}

/**
 * Before 2.48 each driver answered its own dict; this is the libvirt driver's `get_diagnostics`:
 * counters named after the vCPU, disk or NIC device, and the memory in KiB. Figures the
 * hypervisor did not give are left out, as libvirt leaves out what it cannot read.
 */
export function legacyDiagnosticsView(diagnostics: InstanceDiagnostics): Record<string, number> {
  const flat: Record<string, number | null> = {};
  diagnostics.cpus.forEach((cpu, index) => (flat[`cpu${cpu.id ?? index}_time`] = cpu.timeNs));
  for (const disk of diagnostics.disks) {
    if (disk.device === null) continue;
    Object.assign(flat, {
      [`${disk.device}_read_req`]: disk.readRequests,
      [`${disk.device}_read`]: disk.readBytes,
      [`${disk.device}_write_req`]: disk.writeRequests,
      [`${disk.device}_write`]: disk.writeBytes,
      [`${disk.device}_errors`]: disk.errorsCount,
    });
  }
  for (const nic of diagnostics.nics) {
    if (nic.device === null) continue;
    Object.assign(flat, {
      [`${nic.device}_rx`]: nic.rxOctets,
      [`${nic.device}_rx_packets`]: nic.rxPackets,
      [`${nic.device}_rx_errors`]: nic.rxErrors,
      [`${nic.device}_rx_drop`]: nic.rxDrop,
      [`${nic.device}_tx`]: nic.txOctets,
      [`${nic.device}_tx_packets`]: nic.txPackets,
      [`${nic.device}_tx_errors`]: nic.txErrors,
      [`${nic.device}_tx_drop`]: nic.txDrop,
    });
  }
  const { maximumMb } = diagnostics.memory;
  if (maximumMb !== null) flat.memory = maximumMb * 1024;
  return Object.fromEntries(
    Object.entries(flat).filter((entry): entry is [string, number] => entry[1] !== null),
  );
}
