import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { postgresSchema, testEngines } from '../../helpers/postgres-schema.js';
import { networkTestApp, type NetworkTestApp } from '../../helpers/network-app.js';

/**
 * Concurrent port creates never share an address, on SQLite always and on PostgreSQL (a pool
 * of connections, so truly concurrent transactions) when STRATUS_TEST_POSTGRES_URL names a
 * database the test may add a schema to. The schema is its own, so that tests wiping `public`
 * meanwhile do not disturb it.
 */
const engines = testEngines();

const SCHEMA = 'network_ipam_concurrency_test';

for (const [engine, url] of engines) {
  describe(`concurrent port creates on ${engine}`, () => {
    let net: NetworkTestApp;
    before(async () => {
      net = await networkTestApp({
        databaseUrl: url ? await postgresSchema(url, SCHEMA, 'create') : undefined,
      });
    });
    after(async () => {
      await net.close();
      if (url) await postgresSchema(url, SCHEMA, 'drop');
    });

    test('50 ports at once on a /26 get 50 different addresses; the 62nd port finds the subnet full', async () => {
      const { network } = await net.json('POST', '/networks', 201, { body: { network: { name: 'race' } } });
      const { subnet } = await net.json('POST', '/subnets', 201, {
        body: { subnet: { network_id: network.id, ip_version: 4, cidr: '10.9.0.0/26' } },
      });
      // 64 addresses less network, broadcast and gateway: 61 for ports.
      assert.deepEqual(subnet.allocation_pools, [{ start: '10.9.0.2', end: '10.9.0.62' }]);
      const create = () => net.request('POST', '/ports', { body: { port: { network_id: network.id } } });

      const racing = await Promise.all(Array.from({ length: 50 }, create));
      assert.deepEqual(
        racing.map((response) => response.statusCode),
        Array(50).fill(201),
      );
      const addresses = racing.map((response) => response.json().port.fixed_ips[0].ip_address as string);
      assert.equal(new Set(addresses).size, 50, 'no address is handed out twice');

      const rest = await Promise.all(Array.from({ length: 11 }, create));
      assert.deepEqual(
        rest.map((response) => response.statusCode),
        Array(11).fill(201),
      );
      const all = [
        ...addresses,
        ...rest.map((response) => response.json().port.fixed_ips[0].ip_address as string),
      ];
      assert.equal(new Set(all).size, 61);
      assert.ok(
        all.every(
          (address) => /^10\.9\.0\.(\d+)$/.test(address) && !['10.9.0.1', '10.9.0.63'].includes(address),
        ),
      );

      const full = await create();
      assert.equal(full.statusCode, 409);
      assert.deepEqual(full.json(), {
        NeutronError: {
          type: 'IpAddressGenerationFailure',
          message: `No more IP addresses available on network ${network.id}.`,
          detail: '',
        },
      });

      // An address given back is handed out again.
      const freed = racing[7].json().port;
      await net.json('DELETE', `/ports/${freed.id}`, 204);
      const again = await net.json('POST', '/ports', 201, { body: { port: { network_id: network.id } } });
      assert.equal(again.port.fixed_ips[0].ip_address, freed.fixed_ips[0].ip_address);
    });

    test('ten subnets taken from one pool at once get ten different blocks', async () => {
      const { subnetpool } = await net.json('POST', '/subnetpools', 201, {
        body: {
          subnetpool: { name: 'race', prefixes: ['10.100.0.0/16'], default_prefixlen: 24, min_prefixlen: 16 },
        },
      });
      const networks: { id: string }[] = [];
      for (let i = 0; i < 10; i++) {
        networks.push(
          (await net.json('POST', '/networks', 201, { body: { network: { name: `n${i}` } } })).network,
        );
      }
      const responses = await Promise.all(
        networks.map((network) =>
          net.request('POST', '/subnets', {
            body: { subnet: { network_id: network.id, ip_version: 4, subnetpool_id: subnetpool.id } },
          }),
        ),
      );
      assert.deepEqual(
        responses.map((response) => response.statusCode),
        Array(10).fill(201),
      );
      const cidrs = responses.map((response) => response.json().subnet.cidr as string);
      assert.deepEqual([...cidrs].sort(), Array.from({ length: 10 }, (_, i) => `10.100.${i}.0/24`).sort());
    });

    test('two ports asking for the same address at once: one gets it, the other IpAddressAlreadyAllocated', async () => {
      const { network } = await net.json('POST', '/networks', 201, { body: { network: { name: 'same' } } });
      const { subnet } = await net.json('POST', '/subnets', 201, {
        body: { subnet: { network_id: network.id, ip_version: 4, cidr: '10.8.0.0/24' } },
      });
      const body = {
        port: { network_id: network.id, fixed_ips: [{ subnet_id: subnet.id, ip_address: '10.8.0.50' }] },
      };
      const responses = await Promise.all([1, 2, 3].map(() => net.request('POST', '/ports', { body })));
      assert.deepEqual(responses.map((response) => response.statusCode).sort(), [201, 409, 409]);
      const refused = responses.find((response) => response.statusCode === 409)!.json().NeutronError;
      assert.equal(refused.type, 'IpAddressAlreadyAllocated');
      assert.equal(refused.message, `IP address 10.8.0.50 already allocated in subnet ${subnet.id}`);
    });
  });
}
