import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { candidatesFromAllocationRequests } from '../../../../src/compute/scheduler/allocation-candidates.js';
import { defaultFilters, defaultWeighers } from '../../../../src/compute/scheduler/default-scheduler.js';
import type { HostState } from '../../../../src/compute/scheduler/host-state.js';
import { NoValidHost } from '../../../../src/compute/scheduler/no-valid-host.js';
import type { InstanceGroup, ServerGroupPolicy } from '../../../../src/compute/scheduler/request-spec.js';
import {
  selectDestinations,
  type SchedulerOptions,
} from '../../../../src/compute/scheduler/select-destinations.js';
import { ramWeigher } from '../../../../src/compute/scheduler/weighers/ram-weigher.js';
import { candidatesFor, fakeHost, fakeSpec, seededRandom } from './fakes.js';

const options = (extra: Partial<SchedulerOptions> = {}): SchedulerOptions => ({
  filters: defaultFilters(),
  weighers: defaultWeighers(),
  random: seededRandom(1),
  ...extra,
});
const threeHosts = () => [
  fakeHost('host1', { freeRamMb: 2048 }),
  fakeHost('host2', { freeRamMb: 4096 }),
  fakeHost('host3', { freeRamMb: 1024 }),
];
const uuids = (count: number) => Array.from({ length: count }, (_, i) => `inst-${i + 1}`);
const group = (policy: ServerGroupPolicy, members: string[]): InstanceGroup => ({
  uuid: 'group-1',
  policy,
  rules: {},
  members,
  hosts: [],
});
const picks = (destinations: ReturnType<typeof selectDestinations>) =>
  destinations.map((d) => d.selection.host);

describe('selectDestinations', () => {
  test('one instance goes to the best host, with the next best as alternates', () => {
    const hosts = threeHosts();
    const [destination] = selectDestinations(hosts, fakeSpec(), candidatesFor(hosts), options());
    assert.equal(destination.instanceUuid, 'inst-1');
    assert.deepEqual(destination.selection, {
      host: 'host2',
      nodename: 'host2-node',
      providerUuid: 'rp-host2',
      allocationRequest: candidatesFor(hosts)[1].allocationRequest,
    });
    assert.deepEqual(
      destination.alternates.map((s) => s.host),
      ['host1', 'host3'],
    );
  });

  test('resources taken by one pick count for the next instance of the request', () => {
    const hosts = [fakeHost('big', { freeRamMb: 3000 }), fakeHost('small', { freeRamMb: 2000 })];
    const spec = fakeSpec({ instanceUuids: uuids(3) });
    spec.flavor.memoryMb = 1000;
    // By RAM alone: big (3000), then big again (2000 ties small, and ties keep the last order),
    // then small (2000 against 1000).
    const byRam = options({ weighers: [ramWeigher()] });
    assert.deepEqual(picks(selectDestinations(hosts, spec, candidatesFor(hosts), byRam)), [
      'big',
      'big',
      'small',
    ]);
    // With every weigher, the vCPUs and disk the first pick took tip the tie to small.
    assert.deepEqual(picks(selectDestinations(hosts, spec, candidatesFor(hosts), options())), [
      'big',
      'small',
      'big',
    ]);
    assert.equal(hosts[0].freeRamMb, 3000, "the caller's hosts are not changed");
  });

  test('anti-affinity spreads the members one per host, and fails when hosts run out', () => {
    const hosts = threeHosts();
    const spec = fakeSpec({ instanceUuids: uuids(3), instanceGroup: group('anti-affinity', uuids(3)) });
    assert.deepEqual(picks(selectDestinations(hosts, spec, candidatesFor(hosts), options())).sort(), [
      'host1',
      'host2',
      'host3',
    ]);
    assert.deepEqual(spec.instanceGroup!.hosts, [], "the caller's group is not changed");
    const four = fakeSpec({ instanceUuids: uuids(4), instanceGroup: group('anti-affinity', uuids(4)) });
    assert.throws(() => selectDestinations(hosts, four, candidatesFor(hosts), options()), NoValidHost);
  });

  test('max_server_per_host lets anti-affinity put that many on a host', () => {
    const hosts = threeHosts().slice(0, 2);
    const instanceGroup = { ...group('anti-affinity', uuids(4)), rules: { max_server_per_host: 2 } };
    const spec = fakeSpec({ instanceUuids: uuids(4), instanceGroup });
    const chosen = picks(selectDestinations(hosts, spec, candidatesFor(hosts), options()));
    assert.deepEqual(chosen.filter((host) => host === 'host1').length, 2);
    assert.deepEqual(chosen.filter((host) => host === 'host2').length, 2);
  });

  test('affinity packs every member on the first host chosen', () => {
    const hosts = threeHosts();
    const spec = fakeSpec({ instanceUuids: uuids(3), instanceGroup: group('affinity', uuids(3)) });
    assert.deepEqual(picks(selectDestinations(hosts, spec, candidatesFor(hosts), options())), [
      'host2',
      'host2',
      'host2',
    ]);
  });

  test('soft-anti-affinity spreads and soft-affinity packs, by weight alone', () => {
    const hosts = [fakeHost('host1'), fakeHost('host2')];
    const spread = fakeSpec({
      instanceUuids: uuids(2),
      instanceGroup: group('soft-anti-affinity', uuids(2)),
    });
    assert.deepEqual(picks(selectDestinations(hosts, spread, candidatesFor(hosts), options())), [
      'host1',
      'host2',
    ]);
    // Packing must beat the RAM weigher, which prefers the emptier host after the first pick.
    const pack = fakeSpec({ instanceUuids: uuids(3), instanceGroup: group('soft-affinity', uuids(3)) });
    const weighers = defaultWeighers({ softAffinityWeightMultiplier: 10 });
    assert.deepEqual(picks(selectDestinations(hosts, pack, candidatesFor(hosts), options({ weighers }))), [
      'host1',
      'host1',
      'host1',
    ]);
  });

  test('several instances share alternates that exclude every chosen host, up to max_attempts - 1', () => {
    const hosts = [...threeHosts(), fakeHost('host4', { freeRamMb: 512 })];
    const spec = fakeSpec({ instanceUuids: uuids(2), instanceGroup: group('anti-affinity', uuids(2)) });
    const destinations = selectDestinations(hosts, spec, candidatesFor(hosts), options());
    assert.deepEqual(picks(destinations), ['host2', 'host1']);
    for (const destination of destinations)
      assert.deepEqual(
        destination.alternates.map((s) => s.host),
        ['host3', 'host4'],
      );
    const fewer = selectDestinations(hosts, spec, candidatesFor(hosts), options({ maxAttempts: 2 }));
    assert.deepEqual(
      fewer[0].alternates.map((s) => s.host),
      ['host3'],
    );
    const none = selectDestinations(hosts, spec, candidatesFor(hosts), options({ maxAttempts: 1 }));
    assert.deepEqual(none[0].alternates, []);
  });

  test('only hosts placement offered a candidate for are considered', () => {
    const hosts = threeHosts();
    const [destination] = selectDestinations(hosts, fakeSpec(), candidatesFor([hosts[2]]), options());
    assert.equal(destination.selection.host, 'host3');
    assert.deepEqual(destination.alternates, []);
  });

  test('the selection carries the first allocation request that uses the provider', () => {
    const hosts = threeHosts();
    const shared = {
      allocations: { 'rp-host1': { resources: { VCPU: 1 } }, 'rp-share': { resources: { DISK_GB: 1 } } },
    };
    const own = { allocations: { 'rp-host1': { resources: { VCPU: 1, DISK_GB: 1 } } } };
    const candidates = candidatesFromAllocationRequests([shared, own]);
    assert.deepEqual(
      candidates.map((c) => c.providerUuid),
      ['rp-host1', 'rp-share', 'rp-host1'],
    );
    const [destination] = selectDestinations(hosts, fakeSpec(), candidates, options());
    assert.equal(destination.selection.host, 'host1');
    assert.equal(destination.selection.allocationRequest, shared);
  });

  test('no candidates at all is NoValidHost with an empty reason', () => {
    const error = catchNoValidHost(() => selectDestinations(threeHosts(), fakeSpec(), [], options()));
    assert.equal(error.message, 'No valid host was found. ');
  });

  test('no host passing the filters is NoValidHost with the filter story for the logs', () => {
    const hosts = threeHosts().map((host) => ({ ...host, service: { disabled: true, up: true } }));
    const error = catchNoValidHost(() =>
      selectDestinations(hosts, fakeSpec(), candidatesFor(hosts), options()),
    );
    assert.equal(error.message, 'No valid host was found. There are not enough hosts available.');
    assert.deepEqual(error.filterResults, ['ComputeFilter: (start: 3, end: 0)']);
    assert.equal(error.rejections.length, 3);
    assert.match(error.rejections[0].reason, /is disabled/);
  });

  test('host_subset_size picks at random among that many best hosts, repeatably with a seed', () => {
    const hosts = [...threeHosts(), fakeHost('host4', { freeRamMb: 512 })];
    const chosen = new Set<string>();
    const random = seededRandom(42);
    for (let i = 0; i < 40; i++) {
      const [d] = selectDestinations(
        hosts,
        fakeSpec(),
        candidatesFor(hosts),
        options({ hostSubsetSize: 2, random }),
      );
      chosen.add(d.selection.host);
    }
    assert.deepEqual([...chosen].sort(), ['host1', 'host2']);
    const run = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 10 }, () => {
        const [d] = selectDestinations(
          hosts,
          fakeSpec(),
          candidatesFor(hosts),
          options({ hostSubsetSize: 3, random }),
        );
        return d.selection.host;
      });
    };
    assert.deepEqual(run(7), run(7));
    assert.ok(new Set(run(7)).size > 1);
  });

  test('a host the filters reject for the first instance stays out for the later ones', () => {
    const hosts: HostState[] = [
      fakeHost('host1', {
        freeRamMb: 9000,
        aggregates: [{ name: 'z', metadata: { availability_zone: 'az2' } }],
      }),
      fakeHost('host2'),
    ];
    const spec = fakeSpec({ instanceUuids: uuids(2), availabilityZone: 'nova' });
    assert.deepEqual(picks(selectDestinations(hosts, spec, candidatesFor(hosts), options())), [
      'host2',
      'host2',
    ]);
  });
});

function catchNoValidHost(run: () => unknown): NoValidHost {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof NoValidHost);
    return error;
  }
  assert.fail('expected NoValidHost');
}
