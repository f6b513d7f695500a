import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiRecord } from '../../../../src/network/api/engine/definition.js';
import { desiredState } from '../../../../src/network/agent/desired-specs.js';
import type { Inventory } from '../../../../src/network/agent/inventory.js';

const rec = (id: string, fields: Record<string, unknown>): ApiRecord => ({ id, ...fields });

function inventory(): Inventory {
  return {
    networks: [
      rec('net-private-0000', { mtu: 1450, 'provider:network_type': 'vxlan', 'provider:segmentation_id': 7 }),
      rec('net-public-00000', {
        mtu: 1500,
        'provider:network_type': 'flat',
        'provider:physical_network': 'public',
        'provider:segmentation_id': null,
        'router:external': true,
      }),
    ],
    subnets: [
      rec('sub-private', {
        network_id: 'net-private-0000',
        cidr: '10.0.0.0/26',
        ip_version: 4,
        gateway_ip: '10.0.0.1',
        enable_dhcp: true,
        dns_nameservers: [],
        host_routes: [],
      }),
      rec('sub-public', {
        network_id: 'net-public-00000',
        cidr: '172.24.4.0/24',
        ip_version: 4,
        gateway_ip: '172.24.4.1',
        enable_dhcp: false,
      }),
    ],
    ports: [
      rec('port-dhcp-00000', {
        network_id: 'net-private-0000',
        device_owner: 'network:dhcp',
        device_id: 'dhcp-x',
        mac_address: 'fa:16:3e:00:00:01',
        fixed_ips: [{ subnet_id: 'sub-private', ip_address: '10.0.0.2' }],
      }),
      rec('port-vm-a-00000', {
        network_id: 'net-private-0000',
        device_owner: 'compute:nova',
        device_id: 'vm-a',
        'binding:host_id': 'h1',
        mac_address: 'fa:16:3e:00:00:0a',
        fixed_ips: [{ subnet_id: 'sub-private', ip_address: '10.0.0.10' }],
        security_groups: ['sg'],
        port_security_enabled: true,
        allowed_address_pairs: [],
      }),
      rec('port-vm-b-00000', {
        network_id: 'net-private-0000',
        device_owner: 'compute:nova',
        device_id: 'vm-b',
        'binding:host_id': 'h2',
        mac_address: 'fa:16:3e:00:00:0b',
        fixed_ips: [{ subnet_id: 'sub-private', ip_address: '10.0.0.11' }],
        security_groups: ['sg'],
        port_security_enabled: true,
        allowed_address_pairs: [],
      }),
      rec('port-qr-0000000', {
        network_id: 'net-private-0000',
        device_owner: 'network:router_interface',
        device_id: 'r1',
        mac_address: 'fa:16:3e:00:00:0c',
        fixed_ips: [{ subnet_id: 'sub-private', ip_address: '10.0.0.1' }],
      }),
      rec('port-qg-0000000', {
        network_id: 'net-public-00000',
        device_owner: 'network:router_gateway',
        device_id: 'r1',
        mac_address: 'fa:16:3e:00:00:0d',
        fixed_ips: [{ subnet_id: 'sub-public', ip_address: '172.24.4.5' }],
      }),
    ],
    routers: [
      rec('r1', {
        admin_state_up: true,
        external_gateway_info: { network_id: 'net-public-00000', enable_snat: true },
        routes: [],
      }),
    ],
    floatingIps: [
      rec('fip', { router_id: 'r1', floating_ip_address: '172.24.4.9', fixed_ip_address: '10.0.0.10' }),
    ],
    securityGroups: [rec('sg', {})],
    securityGroupRules: [
      rec('r-egress', {
        security_group_id: 'sg',
        direction: 'egress',
        ethertype: 'IPv4',
        protocol: null,
        port_range_min: null,
        port_range_max: null,
        remote_ip_prefix: null,
        remote_group_id: null,
      }),
      rec('r-group', {
        security_group_id: 'sg',
        direction: 'ingress',
        ethertype: 'IPv4',
        protocol: null,
        port_range_min: null,
        port_range_max: null,
        remote_ip_prefix: null,
        remote_group_id: 'sg',
      }),
      rec('r-ssh', {
        security_group_id: 'sg',
        direction: 'ingress',
        ethertype: 'IPv4',
        protocol: 'tcp',
        port_range_min: 22,
        port_range_max: 22,
        remote_ip_prefix: '0.0.0.0/0',
        remote_group_id: null,
      }),
    ],
  };
}

test('the host wires every network with subnets, the public one with its gateway on the host bridge', () => {
  const state = desiredState(inventory(), {
    host: 'h1',
    hostBridgedPhysicalNetworks: ['public'],
    networkNode: true,
  });
  const byId = new Map(state.networks.map((spec) => [spec.id, spec]));
  assert.deepEqual(byId.get('net-private-0000'), {
    id: 'net-private-0000',
    mtu: 1450,
    networkType: 'vxlan',
    segmentationId: 7,
    physicalNetwork: null,
    hostAddresses: [],
  });
  assert.deepEqual(byId.get('net-public-00000')?.hostAddresses, ['172.24.4.1/24']);
});

test('the DHCP server serves every other port of its network by MAC, with Neutron host names', () => {
  const [dhcp] = desiredState(inventory(), {
    host: 'h1',
    hostBridgedPhysicalNetworks: [],
    networkNode: true,
  }).dhcp;
  assert.equal(dhcp.networkId, 'net-private-0000');
  assert.deepEqual(dhcp.port.fixedIps, [{ ip: '10.0.0.2', prefixlen: 26 }]);
  assert.deepEqual(
    dhcp.hosts.map((host) => [host.mac, host.ip, host.hostname]),
    [
      ['fa:16:3e:00:00:0a', '10.0.0.10', 'host-10-0-0-10'],
      ['fa:16:3e:00:00:0b', '10.0.0.11', 'host-10-0-0-11'],
      ['fa:16:3e:00:00:0c', '10.0.0.1', 'host-10-0-0-1'],
    ],
  );
});

test('a router gets its legs, its gateway with SNAT, and its floating IPs', () => {
  const [router] = desiredState(inventory(), {
    host: 'h1',
    hostBridgedPhysicalNetworks: [],
    networkNode: true,
  }).routers;
  assert.deepEqual(
    router.interfaces.map((leg) => leg.portId),
    ['port-qr-0000000'],
  );
  assert.equal(router.gateway?.portId, 'port-qg-0000000');
  assert.deepEqual(router.gateway?.gatewayIps, ['172.24.4.1']);
  assert.equal(router.gateway?.enableSnat, true);
  assert.deepEqual(router.floatingIps, [{ floatingIp: '172.24.4.9', fixedIp: '10.0.0.10' }]);
});

test("only this host's instance ports are plugged, a remote group resolved to its members' addresses", () => {
  const { ports } = desiredState(inventory(), {
    host: 'h1',
    hostBridgedPhysicalNetworks: [],
    networkNode: true,
  });
  assert.deepEqual(
    ports.map((port) => port.id),
    ['port-vm-a-00000'],
  );
  const [port] = ports;
  assert.equal(port.devName, 'tapport-vm-a-0');
  assert.deepEqual(port.fixedIps, [{ ip: '10.0.0.10', prefixlen: 26 }]);
  const group = port.securityGroupRules.find(
    (rule) => rule.direction === 'ingress' && rule.protocol === null,
  );
  assert.deepEqual(group?.remoteIpPrefixes, ['10.0.0.10/32', '10.0.0.11/32']);
  const ssh = port.securityGroupRules.find((rule) => rule.protocol === '6');
  assert.deepEqual([ssh?.portRangeMin, ssh?.portRangeMax, ssh?.remoteIpPrefixes], [22, 22, null]);
});

test("the ports of the machine's other compute hosts are wired by its one data plane too", () => {
  const { ports } = desiredState(inventory(), {
    host: 'h1',
    sameMachineHosts: ['h2'],
    hostBridgedPhysicalNetworks: [],
    networkNode: true,
  });
  assert.deepEqual(
    ports.map((port) => port.id),
    ['port-vm-a-00000', 'port-vm-b-00000'],
  );
});
