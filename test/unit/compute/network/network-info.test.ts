import assert from 'node:assert/strict';
import { test } from 'node:test';
import type {
  NeutronFloatingIp,
  NeutronNetwork,
  NeutronPort,
} from '../../../../src/common/clients/network-types.js';
import { devNameOf, vifOf, vifSpecsOf } from '../../../../src/compute/networking/network-info.js';

const PORT_ID = '0123456789abcdef-port';

const port: NeutronPort = {
  id: PORT_ID,
  name: '',
  network_id: 'net',
  project_id: 'p',
  tenant_id: 'p',
  mac_address: 'fa:16:3e:00:00:01',
  admin_state_up: true,
  status: 'ACTIVE',
  device_id: 'vm',
  device_owner: 'compute:nova',
  fixed_ips: [
    { subnet_id: 'v4', ip_address: '10.0.0.5' },
    { subnet_id: 'v6', ip_address: 'fd00::5' },
  ],
  'binding:vif_type': 'bridge',
};

const network = { id: 'net', name: 'private', mtu: 1450 } as NeutronNetwork;

test('a VIF: fixed addresses each followed by their floating ones, the binding, the TAP name and the MTU', () => {
  const floating = { fixed_ip_address: '10.0.0.5', floating_ip_address: '172.24.4.9' } as NeutronFloatingIp;
  const vif = vifOf(port, network, [floating], { tag: 'nic1', preserveOnDelete: true });
  assert.deepEqual(vif, {
    portId: PORT_ID,
    macAddress: 'fa:16:3e:00:00:01',
    networkId: 'net',
    networkLabel: 'private',
    ips: [
      { address: '10.0.0.5', version: 4, type: 'fixed', subnetId: 'v4' },
      { address: 'fd00::5', version: 6, type: 'fixed', subnetId: 'v6' },
      { address: '172.24.4.9', version: 4, type: 'floating' },
    ],
    tag: 'nic1',
    preserveOnDelete: true,
    vifType: 'bridge',
    devName: 'tap0123456789a',
    mtu: 1450,
    active: true,
  });
  assert.equal(devNameOf(PORT_ID).length, 14);
  assert.deepEqual(vifSpecsOf([vif]), [
    {
      id: PORT_ID,
      macAddress: 'fa:16:3e:00:00:01',
      networkId: 'net',
      fixedIps: [
        { ipAddress: '10.0.0.5', subnetId: 'v4' },
        { ipAddress: 'fd00::5', subnetId: 'v6' },
      ],
      type: 'bridge',
      devName: 'tap0123456789a',
      mtu: 1450,
      tag: 'nic1',
    },
  ]);
});

test("an unbound port is `unbound`, down and compute's own unless said otherwise", () => {
  const { ['binding:vif_type']: _type, ...unbound } = port;
  const vif = vifOf({ ...unbound, status: 'DOWN' }, undefined, [], { tag: null, preserveOnDelete: false });
  assert.deepEqual([vif.vifType, vif.active, vif.networkLabel, vif.mtu], ['unbound', false, '', null]);
});
