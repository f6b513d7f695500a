import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import { defaultGroupRules, icmpIngress } from '../../contract/network/fixtures.js';
import { TestCloud, TestProject } from './cloud-fixture.js';
import { hostPings } from './instance-namespace.js';
import { rootSkipReason } from './root-host.js';

/** Egress anywhere, no ingress at all: a security group without the ICMP rule. */
const egressOnly = defaultGroupRules([]).filter((rule) => rule.direction === 'egress');

/** Runs `body` with a wired project, destroying it afterwards whatever happened. */
async function withProject(cloud: TestCloud, body: (project: TestProject) => Promise<void>, cidr?: string) {
  const project = new TestProject(cloud, cidr);
  try {
    await project.wire();
    await body(project);
  } finally {
    await project.destroy();
  }
}

describe('linux data plane with namespaces for instances', { skip: rootSkipReason }, () => {
  let cloud: TestCloud;
  before(async () => {
    cloud = await TestCloud.start();
  });
  after(() => cloud?.close());

  test('two instances on one network get their DHCP addresses and ping each other', (t) =>
    withProject(cloud, async (project) => {
      const members = [project.subnet.cidr];
      const started = performance.now();
      const first = await project.addInstance(5, defaultGroupRules(members));
      const lease = await first.vm.dhcp();
      const leaseMs = performance.now() - started;
      const second = await project.addInstance(6, defaultGroupRules(members));
      const secondLease = await second.vm.dhcp();

      assert.equal(lease.ip, '10.0.0.5');
      assert.equal(lease.mask, '24');
      assert.equal(lease.router, '10.0.0.1');
      assert.equal(lease.mtu, String(project.network.mtu));
      assert.equal(secondLease.ip, '10.0.0.6');
      assert.ok(await first.vm.pings('10.0.0.6'), 'the first instance reaches the second');
      assert.ok(await second.vm.pings('10.0.0.5'), 'the second instance reaches the first');
      t.diagnostic(`ensureDhcp + ensurePort to DHCP lease: ${leaseMs.toFixed(0)} ms`);
      console.log(`data plane: ensureDhcp + ensurePort to DHCP lease in ${leaseMs.toFixed(0)} ms`);
    }));

  test('an instance reaches its router and the host on the external network; the host reaches its floating IP', () =>
    withProject(cloud, async (project) => {
      const instance = await project.addInstance(5, [...egressOnly, icmpIngress]);
      await instance.vm.dhcp();
      assert.ok(await instance.vm.pings(project.subnet.gateway), 'the router answers');
      assert.ok(await instance.vm.pings(cloud.publicSubnet.gateway), 'the host answers through SNAT');

      const floatingIp = await project.addFloatingIp(instance);
      assert.ok(await hostPings(floatingIp), 'the host reaches the instance by its floating IP');
    }));

  test('a security group without ICMP blocks ping; adding the ICMP rule allows it', () =>
    withProject(cloud, async (project) => {
      const client = await project.addInstance(5, egressOnly);
      const server = await project.addInstance(6, egressOnly);
      await client.vm.dhcp();
      await server.vm.dhcp();
      assert.equal(await client.vm.pings('10.0.0.6', 1), false, 'no ICMP rule: no answer');

      await project.driver.ensurePort({ ...server.port, securityGroupRules: [...egressOnly, icmpIngress] });
      assert.ok(await client.vm.pings('10.0.0.6'), 'with the ICMP rule the server answers');

      await project.driver.ensurePort(server.port);
      assert.equal(await client.vm.pings('10.0.0.6', 1), false, 'the rule removed, no answer again');
    }));

  test('instances of two projects on the same CIDR stay isolated', () =>
    withProject(cloud, (red) =>
      withProject(cloud, async (blue) => {
        const redInstance = await red.addInstance(5, [...egressOnly, icmpIngress]);
        const blueInstance = await blue.addInstance(5, [...egressOnly, icmpIngress]);
        const blueOther = await blue.addInstance(6, [...egressOnly, icmpIngress]);
        for (const { vm } of [redInstance, blueInstance, blueOther]) await vm.dhcp();

        assert.ok(await blueInstance.vm.pings('10.0.0.6'), 'blue reaches blue');
        assert.equal(await redInstance.vm.pings('10.0.0.6', 1), false, 'red does not reach blue');
        assert.ok(await redInstance.vm.pings('10.0.0.1'), "red reaches red's router");
        assert.ok(await blueInstance.vm.pings('10.0.0.1'), "blue reaches blue's router");
      }),
    ));

  test('the metadata address answers from inside the instance, through its router', () =>
    withProject(cloud, async (project) => {
      const documentRoot = await mkdtemp(join(tmpdir(), 'stratus-metadata-'));
      await writeFile(join(documentRoot, 'instance-id'), 'i-0000002a\n');
      await project.driver.ensureRouter({ ...project.router, metadata: { port: 9697 } });
      const proxy = project.driver.spawnInRouter(
        project.router.id,
        ['busybox', 'httpd', '-f', '-p', '9697', '-h', documentRoot],
        {
          stdio: 'ignore',
        },
      );
      try {
        const instance = await project.addInstance(5, egressOnly);
        await instance.vm.dhcp();
        // Not `wget -q` nor `-T`: busybox 1.35's wget crashes with either.
        const body = await instance.vm.exec([
          'busybox',
          'wget',
          '-O',
          '-',
          'http://169.254.169.254/instance-id',
        ]);
        assert.equal(body, 'i-0000002a\n');
      } finally {
        proxy.kill();
        await rm(documentRoot, { recursive: true, force: true });
      }
    }));
});
