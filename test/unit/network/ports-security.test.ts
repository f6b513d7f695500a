import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PROJECTS } from '../../helpers/fixed-callers.js';
import { networkTestApp, type NetworkTestApp } from '../../helpers/network-app.js';

describe('port security, address pairs, bindings and DHCP options', () => {
  let net: NetworkTestApp;
  before(async () => {
    net = await networkTestApp();
  });
  after(() => net.close());

  const network = async (body: Record<string, unknown> = {}, caller = 'member') => {
    const { network: n } = await net.json('POST', '/networks', 201, {
      caller,
      body: { network: { name: 'n', ...body } },
    });
    await net.json('POST', '/subnets', 201, {
      caller,
      body: { subnet: { network_id: n.id, ip_version: 4, cidr: '10.80.0.0/24' } },
    });
    return n;
  };
  const port = async (body: Record<string, unknown>, caller = 'member') =>
    (await net.json('POST', '/ports', 201, { caller, body: { port: body } })).port;
  const refusal = async (method: string, path: string, body: unknown, caller = 'member') => {
    const response = await net.request(method, path, { caller, body });
    return { status: response.statusCode, ...response.json().NeutronError };
  };
  const group = async (caller = 'member') =>
    (await net.json('POST', '/security-groups', 201, { caller, body: { security_group: { name: 'g' } } }))
      .security_group;

  test('without port security a port has no groups, and may be given none', async () => {
    const n = await network();
    const open = await port({ network_id: n.id, port_security_enabled: false });
    assert.equal(open.port_security_enabled, false);
    assert.deepEqual(open.security_groups, []);
    const g = await group();
    const refused = await refusal('POST', '/ports', {
      port: { network_id: n.id, port_security_enabled: false, security_groups: [g.id] },
    });
    assert.deepEqual(refused, {
      status: 400,
      type: 'PortSecurityAndIPRequiredForSecurityGroups',
      message:
        'Port security must be enabled and port must have an IP address in order to use security groups.',
      detail: '',
    });
    // A network without port security makes its ports so.
    const insecure = await network({ port_security_enabled: false });
    const inherited = await port({ network_id: insecure.id });
    assert.equal(inherited.port_security_enabled, false);
    assert.deepEqual(inherited.security_groups, []);
  });

  test('turning port security off needs the groups and address pairs gone in the same change', async () => {
    const n = await network();
    const p = await port({ network_id: n.id, allowed_address_pairs: [{ ip_address: '10.80.0.200' }] });
    assert.deepEqual(p.allowed_address_pairs, [{ ip_address: '10.80.0.200', mac_address: p.mac_address }]);
    const withPairs = await refusal('PUT', `/ports/${p.id}`, {
      port: { port_security_enabled: false, security_groups: [] },
    });
    assert.deepEqual(withPairs, {
      status: 409,
      type: 'AddressPairAndPortSecurityRequired',
      message: 'Port Security must be enabled in order to have allowed address pairs on a port.',
      detail: '',
    });
    const withGroups = await refusal('PUT', `/ports/${p.id}`, {
      port: { port_security_enabled: false, allowed_address_pairs: [] },
    });
    assert.deepEqual(withGroups, {
      status: 409,
      type: 'PortSecurityPortHasSecurityGroup',
      message:
        'Port has security group associated. Cannot disable port security or IP address until security group is removed.',
      detail: '',
    });
    const off = await net.json('PUT', `/ports/${p.id}`, 200, {
      body: { port: { port_security_enabled: false, allowed_address_pairs: [], security_groups: [] } },
    });
    assert.equal(off.port.port_security_enabled, false);
    assert.deepEqual(off.port.security_groups, []);
    const pairsAgain = await refusal('PUT', `/ports/${p.id}`, {
      port: { allowed_address_pairs: [{ ip_address: '10.80.0.201' }] },
    });
    assert.equal(pairsAgain.status, 409);
  });

  test('address pairs are checked as neutron-lib checks them', async () => {
    const n = await network();
    const cases: [unknown, number, string, string][] = [
      [
        [{ mac_address: 'fa:16:3e:00:00:09' }],
        400,
        'AllowedAddressPairsMissingIP',
        'AllowedAddressPair must contain ip_address',
      ],
      [[{ ip_address: 'nope' }], 400, 'HTTPBadRequest', "'nope' is not a valid IP address"],
      [
        [{ ip_address: '224.0.0.5' }],
        400,
        'HTTPBadRequest',
        'IP 224.0.0.5 is a multicast address, which is not supported.',
      ],
      [
        [{ ip_address: '10.80.0.9' }, { ip_address: '10.80.0.9' }],
        400,
        'DuplicateAddressPairInRequest',
        'Request contains duplicate address pair: mac_address None ip_address 10.80.0.9.',
      ],
      [
        Array.from({ length: 11 }, (_, i) => ({ ip_address: `10.80.1.${i}` })),
        400,
        'AllowedAddressPairExhausted',
        'The number of allowed address pair exceeds the maximum 10.',
      ],
    ];
    for (const [pairs, status, type, message] of cases) {
      const refused = await refusal('POST', '/ports', {
        port: { network_id: n.id, allowed_address_pairs: pairs },
      });
      assert.deepEqual(refused, { status, type, message, detail: '' }, JSON.stringify(pairs));
    }
    const cidrPair = await port({
      network_id: n.id,
      allowed_address_pairs: [{ ip_address: '10.80.5.0/24', mac_address: 'fa:16:3e:00:00:99' }],
    });
    assert.deepEqual(cidrPair.allowed_address_pairs, [
      { ip_address: '10.80.5.0/24', mac_address: 'fa:16:3e:00:00:99' },
    ]);
  });

  test("groups must be the port project's own or shared with it", async () => {
    const n = await network();
    const mine = await group();
    const theirs = await group('other');
    const p = await port({ network_id: n.id, security_groups: [mine.id] });
    assert.deepEqual(p.security_groups, [mine.id]);
    const refused = await refusal('POST', '/ports', {
      port: { network_id: n.id, security_groups: [theirs.id] },
    });
    assert.deepEqual(refused, {
      status: 404,
      type: 'SecurityGroupNotFound',
      message: `Security group ${theirs.id} does not exist`,
      detail: '',
    });
    const updated = await net.json('PUT', `/ports/${p.id}`, 200, { body: { port: { security_groups: [] } } });
    assert.deepEqual(updated.port.security_groups, []);
    // Ports of the network itself (DHCP, routers) are not filtered by groups.
    const dhcp = await port({ network_id: n.id, device_owner: 'network:dhcp' });
    assert.deepEqual(dhcp.security_groups, []);
  });

  test('only admins and services bind ports; a bound port keeps its MAC', async () => {
    const n = await network();
    const refused = await refusal('POST', '/ports', { port: { network_id: n.id, 'binding:host_id': 'h1' } });
    assert.equal(refused.status, 403);
    assert.equal(refused.message, 'create_port:binding:host_id is disallowed by policy');
    const bound = await port(
      { network_id: n.id, project_id: PROJECTS.one, 'binding:host_id': 'h1', 'binding:profile': { x: 1 } },
      'service',
    );
    assert.equal(bound['binding:host_id'], 'h1');
    assert.equal(bound['binding:vif_type'], 'bridge');
    assert.deepEqual(bound['binding:profile'], { x: 1 });
    const ownerView = (await net.json('GET', `/ports/${bound.id}`, 200)).port;
    assert.equal('binding:host_id' in ownerView, false);
    const newMac = await refusal(
      'PUT',
      `/ports/${bound.id}`,
      { port: { mac_address: 'fa:16:3e:10:20:30' } },
      'admin',
    );
    assert.deepEqual(newMac, {
      status: 409,
      type: 'PortBound',
      message: `Unable to complete operation on port ${bound.id}, port is already bound, port type: bridge, old_mac ${bound.mac_address}, new_mac fa:16:3e:10:20:30.`,
      detail: '',
    });
    const unbound = await port({ network_id: n.id });
    const moved = await net.json('PUT', `/ports/${unbound.id}`, 200, {
      caller: 'admin',
      body: { port: { mac_address: 'fa:16:3e:10:20:30' } },
    });
    assert.equal(moved.port.mac_address, 'fa:16:3e:10:20:30');
    assert.deepEqual(moved.port.fixed_ips, unbound.fixed_ips, 'IPv4 addresses stay with a new MAC');
    const byMember = await refusal('PUT', `/ports/${unbound.id}`, {
      port: { mac_address: 'fa:16:3e:10:20:31' },
    });
    assert.equal(byMember.status, 403);
  });

  test('extra DHCP options are kept, replaced by name and dropped with a null value', async () => {
    const n = await network();
    const p = await port({
      network_id: n.id,
      extra_dhcp_opts: [
        { opt_name: 'bootfile-name', opt_value: 'pxelinux.0' },
        { opt_name: 'tftp-server', opt_value: '10.80.0.9', ip_version: 4 },
      ],
    });
    assert.deepEqual(p.extra_dhcp_opts, [
      { opt_name: 'bootfile-name', opt_value: 'pxelinux.0', ip_version: 4 },
      { opt_name: 'tftp-server', opt_value: '10.80.0.9', ip_version: 4 },
    ]);
    const updated = await net.json('PUT', `/ports/${p.id}`, 200, {
      body: {
        port: {
          extra_dhcp_opts: [
            { opt_name: 'bootfile-name', opt_value: 'ipxe.efi' },
            { opt_name: 'tftp-server', opt_value: null },
          ],
        },
      },
    });
    assert.deepEqual(updated.port.extra_dhcp_opts, [
      { opt_name: 'bootfile-name', opt_value: 'ipxe.efi', ip_version: 4 },
    ]);
    const bad = await refusal('POST', '/ports', {
      port: { network_id: n.id, extra_dhcp_opts: [{ opt_name: '' }] },
    });
    assert.equal(bad.status, 400);
    assert.equal(
      bad.message,
      "Invalid input for operation: No valid key specs matched for: {'opt_name': ''}.",
    );
  });
});
