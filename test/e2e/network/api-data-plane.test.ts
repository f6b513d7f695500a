import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { tapName } from '../../../src/network/drivers/device-names.js';
import { ApiStack, type ApiInstance } from './api-stack.js';
import { firewallLines } from './host-leftovers.js';
import { hostPings, type InstanceNamespace } from './instance-namespace.js';
import { rootSkipReason } from './root-host.js';

const icmpIngress = { direction: 'ingress', ethertype: 'IPv4', protocol: 'icmp' };

/** What the instance gets from http://169.254.169.254 at `path`, tried for a few seconds as cloud-init does. */
async function fetchMetadata(vm: InstanceNamespace, path: string): Promise<string> {
  // Not `wget -q` nor `-T`: busybox 1.35's wget crashes with either.
  const argv = ['busybox', 'wget', '-O', '-', `http://169.254.169.254${path}`];
  for (let attempt = 1; ; attempt++) {
    try {
      return await vm.exec(argv);
    } catch (error) {
      if (attempt === 20) throw error;
      await sleep(250); // the router's forwarder may still be starting
    }
  }
}

/**
 * Runs `body` on a stack of its own, then closes it whatever happened and checks that the host
 * has nothing of it left; the body's failure, if any, is the one reported.
 */
async function withStack(body: (stack: ApiStack) => Promise<void>): Promise<void> {
  const stack = await ApiStack.start();
  const failure = await body(stack).then(
    () => null,
    (error: unknown) => error ?? new Error('the test failed'),
  );
  const closed = await stack.close().then(
    (leftovers) => ({ leftovers, error: null }),
    (error: unknown) => ({ leftovers: [], error }),
  );
  if (failure) throw failure;
  if (closed.error) throw closed.error;
  assert.deepEqual(closed.leftovers, [], 'the host has nothing of the stack left');
  assert.deepEqual(stack.agentLog, [], 'the agent logged no warning or error');
}

describe('the network stack wires the host from API calls', { skip: rootSkipReason }, () => {
  test("two instances on one network get their ports' addresses by DHCP and ping each other", (t) =>
    withStack(async (stack) => {
      const project = await stack.createProject('member');
      const first = await stack.boot(project);
      const lease = await first.vm.dhcp();
      const leaseMs = performance.now() - first.postedAt;
      const second = await stack.boot(project);
      const secondLease = await second.vm.dhcp();

      assert.equal(lease.ip, first.ip);
      assert.equal(lease.mask, '24');
      assert.equal(lease.router, project.subnet.gateway_ip);
      assert.equal(lease.mtu, String(project.network.mtu));
      assert.equal(secondLease.ip, second.ip);
      assert.notEqual(first.ip, second.ip);
      // The project's default group lets its members in.
      assert.ok(await first.vm.pings(second.ip), 'the first instance reaches the second');
      assert.ok(await second.vm.pings(first.ip), 'the second instance reaches the first');

      const timing =
        `POST /ports + binding + TAP to ACTIVE in ${first.activeMs.toFixed(0)} ms, ` +
        `to the DHCP lease in ${leaseMs.toFixed(0)} ms`;
      t.diagnostic(timing);
      console.log(`api data plane: ${timing}`);
    }));

  test("an instance pings its router and the host's public gateway; the host reaches it by a floating IP", () =>
    withStack(async (stack) => {
      const project = await stack.createProject('member');
      const pingable = await stack.createSecurityGroup('member', 'pingable', [icmpIngress]);
      const instance = await stack.boot(project, { securityGroups: [pingable] });
      await instance.vm.dhcp();
      assert.ok(await instance.vm.pings(project.subnet.gateway_ip), 'the router answers');
      assert.ok(await instance.vm.pings(stack.publicGateway), 'the host answers, through SNAT');

      const { id, floating_ip_address: floatingIp } = await stack.createFloatingIp(project, instance);
      assert.ok(floatingIp.startsWith(stack.publicCidr.replace(/0\/24$/, '')), 'from the public subnet');
      await stack.sync();
      assert.ok(await hostPings(floatingIp), 'the host reaches the instance by its floating IP');

      await stack.net.json('PUT', `/floatingips/${id}`, 200, {
        caller: 'member',
        body: { floatingip: { port_id: null } },
      });
      await stack.sync();
      assert.equal(await hostPings(floatingIp, 1), false, 'disassociated, the address answers no more');
    }));

  test('a security group without the ICMP rule blocks ping; adding the rule through the API allows it', () =>
    withStack(async (stack) => {
      const project = await stack.createProject('member');
      const quiet = await stack.createSecurityGroup('member', 'no-icmp');
      const client = await stack.boot(project, { securityGroups: [quiet] });
      const server = await stack.boot(project, { securityGroups: [quiet] });
      await client.vm.dhcp();
      await server.vm.dhcp();
      assert.equal(await client.vm.pings(server.ip, 1), false, 'no ICMP rule: no answer');

      const ruleId = await stack.addRule('member', quiet, icmpIngress);
      await stack.sync();
      assert.ok(await client.vm.pings(server.ip), 'with the ICMP rule the server answers');

      await stack.net.json('DELETE', `/security-group-rules/${ruleId}`, 204, { caller: 'member' });
      await stack.sync();
      assert.equal(await client.vm.pings(server.ip, 1), false, 'the rule deleted, no answer again');
    }));

  test('two projects on the same CIDR, with their own networks and routers, stay isolated', () =>
    withStack(async (stack) => {
      const red = await stack.createProject('member', '10.0.0.0/24');
      const blue = await stack.createProject('other', '10.0.0.0/24');
      // Groups that let ping in from anywhere: only the networks can keep the projects apart.
      const redGroup = await stack.createSecurityGroup('member', 'pingable', [icmpIngress]);
      const blueGroup = await stack.createSecurityGroup('other', 'pingable', [icmpIngress]);
      const redInstance = await stack.boot(red, { securityGroups: [redGroup], ipAddress: '10.0.0.5' });
      const blueInstance = await stack.boot(blue, { securityGroups: [blueGroup], ipAddress: '10.0.0.5' });
      const blueOther = await stack.boot(blue, { securityGroups: [blueGroup], ipAddress: '10.0.0.6' });
      const leases = [];
      for (const { vm } of [redInstance, blueInstance, blueOther]) leases.push(await vm.dhcp());

      assert.deepEqual(
        leases.map((lease) => lease.ip),
        ['10.0.0.5', '10.0.0.5', '10.0.0.6'],
      );
      assert.ok(await blueInstance.vm.pings('10.0.0.6'), 'blue reaches blue');
      assert.equal(await redInstance.vm.pings('10.0.0.6', 1), false, 'red does not reach blue');
      assert.ok(await redInstance.vm.pings('10.0.0.1'), "red reaches red's router");
      assert.ok(await blueInstance.vm.pings('10.0.0.1'), "blue reaches blue's router");
    }));

  test('ports go ACTIVE through the API once wired, and compute hears network-vif-plugged', () =>
    withStack(async (stack) => {
      const project = await stack.createProject('member');
      await stack.sync();
      const { ports } = await stack.net.json('GET', `/ports?device_id=${project.router.id}`, 200, {
        caller: 'admin',
      });
      const { ports: dhcpPorts } = await stack.net.json(
        'GET',
        `/ports?network_id=${project.network.id}&device_owner=network:dhcp`,
        200,
        { caller: 'admin' },
      );
      assert.deepEqual([...ports, ...dhcpPorts].map((port) => [port.device_owner, port.status]).sort(), [
        ['network:dhcp', 'ACTIVE'],
        ['network:router_gateway', 'ACTIVE'],
        ['network:router_interface', 'ACTIVE'],
      ]);

      const { port, postedAt } = await stack.createBoundPort(project);
      await stack.sync();
      assert.equal(await stack.portStatus(port.id), 'DOWN', 'bound, but no TAP yet');
      assert.deepEqual(stack.events, []);

      const instance = await stack.plug(port, postedAt);
      assert.equal(await stack.portStatus(port.id), 'ACTIVE');
      assert.deepEqual(stack.events, [
        { name: 'network-vif-plugged', server_uuid: port.device_id, tag: port.id, status: 'completed' },
      ]);
      assert.equal((await instance.vm.dhcp()).ip, instance.ip);
    }));

  test("an instance's port goes DOWN when its TAP goes, and ACTIVE again when it is back; no rules are left", () =>
    withStack(async (stack) => {
      const project = await stack.createProject('member');
      const deleted = await stack.boot(project);
      const stopped = await stack.boot(project);

      // The instance deleted: its TAP goes, then its port, before the agent looks again.
      await deleted.vm.destroy();
      await stack.net.json('DELETE', `/ports/${deleted.port.id}`, 204, { caller: 'member' });
      await stack.sync();
      assert.deepEqual(
        await firewallLines(tapName(deleted.port.id)),
        [],
        "no rule of the deleted port's TAP",
      );

      // The instance stopped: its TAP goes, its port stays bound here.
      await stopped.vm.destroy();
      await stack.sync();
      assert.equal(await stack.portStatus(stopped.port.id), 'DOWN', 'the TAP gone, the port is DOWN');
      assert.deepEqual(await firewallLines(tapName(stopped.port.id)), [], 'no rule of the TAP gone');

      const restarted = await stack.plug(stopped.port, performance.now());
      assert.equal((await restarted.vm.dhcp()).ip, stopped.ip, 'the TAP back, the port is ACTIVE and served');
      const event = (name: string, port: ApiInstance['port']) => ({
        name,
        server_uuid: port.device_id,
        tag: port.id,
        status: 'completed',
      });
      assert.deepEqual(stack.events, [
        event('network-vif-plugged', deleted.port),
        event('network-vif-plugged', stopped.port),
        event('network-vif-unplugged', stopped.port),
        event('network-vif-plugged', stopped.port),
      ]);
    }));

  test("an address given again to a new instance is served to it: the deleted port's lease is released", () =>
    withStack(async (stack) => {
      const project = await stack.createProject('member');
      const deleted = await stack.boot(project);
      assert.equal((await deleted.vm.dhcp()).ip, deleted.ip);
      await deleted.vm.destroy();
      await stack.net.json('DELETE', `/ports/${deleted.port.id}`, 204, { caller: 'member' });
      await stack.sync();

      const reused = await stack.boot(project, { ipAddress: deleted.ip });
      assert.notEqual(reused.port.mac_address, deleted.port.mac_address);
      assert.equal((await reused.vm.dhcp()).ip, deleted.ip, 'the new MAC gets the address');
    }));

  test('the metadata address answers from inside the instance, naming the instance', () =>
    withStack(async (stack) => {
      const project = await stack.createProject('member');
      const instance = await stack.boot(project);
      await instance.vm.dhcp();
      assert.equal(
        await fetchMetadata(instance.vm, '/latest/meta-data/instance-id'),
        `${instance.port.device_id}\n`,
      );
    }));
});
