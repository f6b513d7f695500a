import { setTimeout as sleep } from 'node:timers/promises';
import type { NetworkClient } from '../../common/clients/network-client.js';
import { networkInfoOf, type InstanceChanges, type InstanceRow } from '../instances/instance-repo.js';
import { allocateForInstance, type InstanceForNetworks } from '../networking/allocate-for-instance.js';
import { availableNetworks } from '../networking/available-networks.js';
import { deallocateForInstance } from '../networking/deallocate.js';
import { NetworkAmbiguous, VirtualInterfaceCreateException } from '../networking/errors.js';
import { buildNetworkInfo } from '../networking/network-info.js';
import { bindPortsToHost, unbindPorts, type PortFailure } from '../networking/port-bindings.js';
import { requestedNetworksOf, requestedPortIdsOf } from '../networking/requested-networks.js';
import type { ExternalEvent } from '../rpc/compute-api.js';
import type { RequestedNetwork, StoredRequestSpec } from '../rpc/request-spec.js';
import type { AgentContext } from './agent-context.js';

const VIF_PLUGGED = 'network-vif-plugged';

const forNetworks = (row: InstanceRow): InstanceForNetworks => ({
  uuid: row.uuid,
  projectId: row.project_id,
  availabilityZone: row.availability_zone,
});

/**
 * The list to allocate: the API resolves `auto` when it checks the request; a spec stored with
 * `auto` takes the project's only network, as Nova's `_validate_requested_network_ids` does.
 */
async function resolved(
  network: NetworkClient,
  row: InstanceRow,
  requested: StoredRequestSpec['requestedNetworks'],
) {
  if (requested === 'none') return [];
  if (requested !== 'auto') return requested;
  const networks = await availableNetworks(network, row.project_id);
  if (networks.length > 1) throw new NetworkAmbiguous();
  return networks.map((net): RequestedNetwork => ({
    networkId: net.id,
    portId: null,
    fixedIp: null,
    tag: null,
  }));
}

function logFailures(ctx: AgentContext, failures: PortFailure[], what: string, instanceUuid: string): void {
  for (const { portId, error } of failures) ctx.logFailure(error, `${what} port ${portId}`, instanceUuid);
}

/**
 * Nova's `_build_networks_for_instance`: the server's ports are allocated and bound to this host,
 * and the network info saved with them, together with `changes` (the build's next task state).
 */
export async function allocateNetworks(
  ctx: AgentContext,
  network: NetworkClient,
  row: InstanceRow,
  changes: InstanceChanges,
  expected: { taskState: (string | null)[] },
): Promise<InstanceRow> {
  const spec = await requestedNetworksOf(ctx.db, row.uuid);
  const allocation = await allocateForInstance(network, forNetworks(row), {
    requested: await resolved(network, row, spec.requestedNetworks),
    securityGroups: spec.securityGroups,
    host: ctx.host,
    previous: networkInfoOf(row),
  });
  return ctx.instances.save(
    row.uuid,
    {
      ...changes,
      network_info: JSON.stringify(allocation.networkInfo),
      ...(allocation.networkInfo.length > 0
        ? { security_groups: JSON.stringify(allocation.securityGroupNames) }
        : {}),
    },
    expected,
  );
}

/**
 * `deallocate_for_instance`: the ports compute made go, the user's (marked in the network info, or
 * named at create) are unbound and kept.
 */
export async function deallocateNetworks(ctx: AgentContext, row: InstanceRow): Promise<void> {
  if (!ctx.network) return;
  const failures = await deallocateForInstance(ctx.network, row.uuid, {
    networkInfo: networkInfoOf(row),
    requestedPortIds: await requestedPortIdsOf(ctx.db, row.uuid),
  });
  logFailures(ctx, failures, 'unbinding', row.uuid);
}

/** `get_instance_nw_info` with a refresh of the cache: the network info saved from Neutron's ports. */
export async function refreshNetworkInfo(ctx: AgentContext, row: InstanceRow): Promise<InstanceRow> {
  if (!ctx.network) return row;
  const info = await buildNetworkInfo(ctx.network, row.uuid, { previous: networkInfoOf(row) });
  return ctx.instances.save(row.uuid, {
    network_info: JSON.stringify(info.networkInfo),
    ...(info.networkInfo.length > 0 ? { security_groups: JSON.stringify(info.securityGroupNames) } : {}),
  });
}

/**
 * `setup_instance_network_on_host` / `migrate_instance_finish`: the server's ports are bound to
 * this host (after a move), and the network info refreshed with the new bindings.
 */
export async function bindPortsHere(ctx: AgentContext, row: InstanceRow): Promise<InstanceRow> {
  if (!ctx.network) return row;
  await bindPortsToHost(ctx.network, forNetworks(row), ctx.host);
  return refreshNetworkInfo(ctx, row);
}

/** Shelve offload's `unbind_ports(detach=False)`: the ports stay the server's but leave this host. */
export async function unbindPortsOf(ctx: AgentContext, row: InstanceRow): Promise<void> {
  if (!ctx.network) return;
  const portIds = networkInfoOf(row).map((vif) => vif.portId);
  logFailures(ctx, await unbindPorts(ctx.network, portIds, { detach: false }), 'unbinding', row.uuid);
}

/**
 * Runs `spawn` as Nova's libvirt driver creates a guest with its network: it listens for
 * `network-vif-plugged` of each port Neutron has not wired yet (asking Neutron after listening, so
 * an event that came first is not waited for), spawns, then waits up to `vif_plugging_timeout`.
 * A port that failed to plug, or did not in time, is VirtualInterfaceCreateException when
 * `vif_plugging_is_fatal`, else a warning.
 */
export async function spawnWithNetwork(ctx: AgentContext, row: InstanceRow, spawn: () => Promise<void>) {
  const timeoutSec = ctx.settings.vifPluggingTimeoutSec;
  const portIds = networkInfoOf(row).map((vif) => vif.portId);
  if (!ctx.network || timeoutSec === 0 || portIds.length === 0) return spawn();
  const waits = new Map(portIds.map((id) => [id, ctx.events.prepare(row.uuid, VIF_PLUGGED, id)]));
  const stopWaiting = () => {
    for (const id of waits.keys()) ctx.events.cancel(row.uuid, VIF_PLUGGED, id);
  };
  try {
    const ports = await ctx.network.listPorts({ device_id: row.uuid, fields: ['id', 'status'] });
    for (const port of ports.filter((candidate) => candidate.status === 'ACTIVE')) {
      ctx.events.cancel(row.uuid, VIF_PLUGGED, port.id);
      waits.delete(port.id);
    }
    await spawn();
  } catch (error) {
    stopWaiting();
    throw error;
  }
  if (waits.size === 0) return;
  const timer = new AbortController();
  const events = await Promise.race([
    Promise.all(waits.values()),
    sleep(timeoutSec * 1000, null, { signal: timer.signal }).catch(() => null),
  ]).finally(() => timer.abort());
  stopWaiting();
  const failed = events === null || events.some((event: ExternalEvent) => event.status === 'failed');
  if (!failed) return;
  ctx.logger.warn(
    { instanceUuid: row.uuid, host: ctx.host, ports: [...waits.keys()] },
    events === null ? 'Timeout waiting for vif plugging callback' : 'A VIF failed to plug',
  );
  if (ctx.settings.vifPluggingIsFatal) throw new VirtualInterfaceCreateException();
}
