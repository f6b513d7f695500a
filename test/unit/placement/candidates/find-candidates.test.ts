import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Microversion } from '../../../../src/common/http/microversion.js';
import { parseCandidateRequest } from '../../../../src/placement/api/allocation-candidates/parse-request.js';
import { findCandidates } from '../../../../src/placement/candidates/find-candidates.js';
import { TraitNotFound } from '../../../../src/placement/candidates/errors.js';
import { aggregateUuid, coreAnswer, providerUuid, readable, worldOf, type ProviderSpec } from './fixtures.js';

/** The allocation requests of an answer, each as `provider:CLASS=amount` joined with spaces. */
function requests(specs: ProviderSpec[], query: string, version = '1.39'): string[] {
  const answer = readable(coreAnswer(specs, query, version), specs) as {
    allocation_requests: { allocations: Record<string, Record<string, number>> }[];
  };
  return answer.allocation_requests.map((request) =>
    Object.entries(request.allocations)
      .flatMap(([provider, amounts]) =>
        Object.entries(amounts).map(([rc, amount]) => `${provider}:${rc}=${amount}`),
      )
      .join(' '),
  );
}

function summaries(specs: ProviderSpec[], query: string, version = '1.39') {
  return (
    readable(coreAnswer(specs, query, version), specs) as { provider_summaries: Record<string, unknown> }
  ).provider_summaries;
}

const computeNode = (name: string, extra: Partial<ProviderSpec> = {}): ProviderSpec => ({
  name,
  inventory: { VCPU: 4, MEMORY_MB: 2048, DISK_GB: 100 },
  ...extra,
});

describe('single providers', () => {
  test('a provider qualifies while used + amount fits (total - reserved) * allocation_ratio', () => {
    const specs = [
      { name: 'a', inventory: { VCPU: { total: 4, reserved: 1, allocation_ratio: 2 } }, used: { VCPU: 5 } },
      { name: 'b', inventory: { VCPU: { total: 4, reserved: 1, allocation_ratio: 2 } }, used: { VCPU: 6 } },
    ];
    assert.deepEqual(requests(specs, 'resources=VCPU:1'), ['a:VCPU=1']);
    assert.deepEqual(summaries(specs, 'resources=VCPU:1'), {
      a: { resources: { VCPU: { capacity: 6, used: 5 } }, traits: [], parent: null, root: 'a' },
    });
  });

  test('min_unit, max_unit and step_size bound the amount of one request', () => {
    const specs = [
      { name: 'min', inventory: { DISK_GB: { total: 100, min_unit: 10 } } },
      { name: 'max', inventory: { DISK_GB: { total: 100, max_unit: 5 } } },
      { name: 'step', inventory: { DISK_GB: { total: 100, step_size: 4 } } },
    ];
    assert.deepEqual(requests(specs, 'resources=DISK_GB:8'), ['step:DISK_GB=8']);
    assert.deepEqual(requests(specs, 'resources=DISK_GB:5'), ['max:DISK_GB=5']);
    assert.deepEqual(requests(specs, 'resources=DISK_GB:20'), ['min:DISK_GB=20', 'step:DISK_GB=20']);
  });

  test('every class must come from the one provider when there are no trees', () => {
    const specs = [computeNode('cn1'), { name: 'cn2', inventory: { VCPU: 4 } }];
    assert.deepEqual(requests(specs, 'resources=VCPU:1,DISK_GB:1'), ['cn1:DISK_GB=1 cn1:VCPU=1']);
  });
});

describe('traits', () => {
  const specs = [
    computeNode('avx', { traits: ['HW_CPU_X86_AVX'] }),
    computeNode('sse', { traits: ['HW_CPU_X86_SSE'] }),
    computeNode('both', { traits: ['HW_CPU_X86_AVX', 'HW_CPU_X86_SSE'] }),
  ];

  test('required traits must all be there, forbidden ones absent', () => {
    assert.deepEqual(requests(specs, 'resources=VCPU:1&required=HW_CPU_X86_AVX'), [
      'avx:VCPU=1',
      'both:VCPU=1',
    ]);
    assert.deepEqual(requests(specs, 'resources=VCPU:1&required=HW_CPU_X86_AVX,!HW_CPU_X86_SSE'), [
      'avx:VCPU=1',
    ]);
  });

  test('`in:` (1.39) asks for any of its traits, and repeated `required` for all of them', () => {
    assert.deepEqual(requests(specs, 'resources=VCPU:1&required=in:HW_CPU_X86_AVX,HW_CPU_X86_SSE'), [
      'avx:VCPU=1',
      'both:VCPU=1',
      'sse:VCPU=1',
    ]);
    assert.deepEqual(requests(specs, 'resources=VCPU:1&required=HW_CPU_X86_SSE&required=!HW_CPU_X86_AVX'), [
      'sse:VCPU=1',
    ]);
  });

  test('an unknown trait is an error naming it', () => {
    const world = worldOf(specs);
    const request = parseCandidateRequest(
      new URLSearchParams('resources=VCPU:1&required=CUSTOM_MISSING'),
      Microversion.parse('1.39'),
    );
    assert.throws(
      () => findCandidates(request, world, { nestedAware: true, randomize: false, random: Math.random }),
      (error: unknown) =>
        error instanceof TraitNotFound && error.message === 'No such trait(s): CUSTOM_MISSING.',
    );
  });
});

/** A compute node with two NUMA nodes, each holding a NIC's physical function with bandwidth. */
const numa: ProviderSpec[] = [
  { name: 'cn', inventory: { DISK_GB: 100 }, aggregates: ['rack'], traits: ['COMPUTE_STATUS_DISABLED'] },
  { name: 'numa0', parent: 'cn', inventory: { VCPU: 4, MEMORY_MB: 4096 } },
  { name: 'numa1', parent: 'cn', inventory: { VCPU: 4, MEMORY_MB: 4096 }, used: { VCPU: 4 } },
  {
    name: 'pf0',
    parent: 'numa0',
    inventory: { SRIOV_NET_VF: 4, NET_BW_EGR_KILOBIT_PER_SEC: 1000 },
    traits: ['CUSTOM_PHYSNET_A'],
  },
  {
    name: 'pf1',
    parent: 'numa1',
    inventory: { SRIOV_NET_VF: 4, NET_BW_EGR_KILOBIT_PER_SEC: 5000 },
    traits: ['CUSTOM_PHYSNET_B'],
  },
];

describe('nested providers', () => {
  test('the unsuffixed group takes each class from any provider of the tree', () => {
    assert.deepEqual(requests(numa, 'resources=VCPU:1,DISK_GB:10,SRIOV_NET_VF:1'), [
      'cn:DISK_GB=10 numa0:VCPU=1 pf0:SRIOV_NET_VF=1',
      'cn:DISK_GB=10 numa0:VCPU=1 pf1:SRIOV_NET_VF=1',
    ]);
  });

  test('the summaries show every provider of the trees used, with parent and root from 1.29', () => {
    const shown = summaries(numa, 'resources=VCPU:1');
    assert.deepEqual(Object.keys(shown), ['cn', 'numa0', 'numa1', 'pf0', 'pf1']);
    assert.deepEqual(shown.pf1, {
      resources: {
        NET_BW_EGR_KILOBIT_PER_SEC: { capacity: 5000, used: 0 },
        SRIOV_NET_VF: { capacity: 4, used: 0 },
      },
      traits: ['CUSTOM_PHYSNET_B'],
      parent: 'numa1',
      root: 'cn',
    });
  });

  test('the traits of the providers used count together', () => {
    assert.deepEqual(requests(numa, 'resources=VCPU:1,SRIOV_NET_VF:1&required=CUSTOM_PHYSNET_B'), [
      'numa0:VCPU=1 pf1:SRIOV_NET_VF=1',
    ]);
  });

  test('granular groups are each met by one provider', () => {
    const query =
      'resources_CPU=VCPU:1,MEMORY_MB:512&resources_NIC=SRIOV_NET_VF:1,NET_BW_EGR_KILOBIT_PER_SEC:2000&group_policy=none';
    assert.deepEqual(requests(numa, query), [
      'numa0:MEMORY_MB=512 numa0:VCPU=1 pf1:NET_BW_EGR_KILOBIT_PER_SEC=2000 pf1:SRIOV_NET_VF=1',
    ]);
  });

  test('same_subtree keeps groups under one of their providers, resourceless groups too (1.36)', () => {
    const base = 'resources_CPU=VCPU:1&resources_NIC=SRIOV_NET_VF:1&group_policy=none';
    assert.equal(requests(numa, base).length, 2);
    assert.deepEqual(requests(numa, `${base}&same_subtree=_CPU,_NIC`), ['numa0:VCPU=1 pf0:SRIOV_NET_VF=1']);
    const answer = readable(
      coreAnswer(numa, `${base}&required_NET=CUSTOM_PHYSNET_B&same_subtree=_NIC,_NET`, '1.36'),
      numa,
    ) as { allocation_requests: { mappings: Record<string, string[]> }[] };
    assert.deepEqual(
      answer.allocation_requests.map((request) => request.mappings),
      [{ _CPU: ['numa0'], _NET: ['pf1'], _NIC: ['pf1'] }],
    );
  });

  test('before 1.29 a request may not use two providers of one tree', () => {
    const specs = [...numa, computeNode('flat')];
    assert.deepEqual(requests(specs, 'resources=VCPU:1,DISK_GB:1', '1.28'), ['flat:DISK_GB=1 flat:VCPU=1']);
    assert.deepEqual(Object.keys(summaries(specs, 'resources=VCPU:1,DISK_GB:1', '1.28')), ['flat']);
  });

  test('in_tree limits a group to the tree of the named provider', () => {
    const specs = [...numa, computeNode('flat')];
    assert.deepEqual(requests(specs, `resources=VCPU:1&in_tree=${providerUuid('pf1')}`), ['numa0:VCPU=1']);
    assert.deepEqual(requests(specs, `resources=VCPU:1&in_tree=${providerUuid('flat')}`), ['flat:VCPU=1']);
  });

  test('root_required looks at the root of the tree only (1.35)', () => {
    const specs = [...numa, computeNode('flat')];
    assert.deepEqual(requests(specs, 'resources=VCPU:1&root_required=!COMPUTE_STATUS_DISABLED'), [
      'flat:VCPU=1',
    ]);
    assert.deepEqual(requests(specs, 'resources=VCPU:1&root_required=COMPUTE_STATUS_DISABLED'), [
      'numa0:VCPU=1',
    ]);
  });

  test("an aggregate of the root covers the unsuffixed group's whole tree, not a granular group's provider", () => {
    const rack = aggregateUuid('rack');
    assert.deepEqual(requests(numa, `resources=VCPU:1&member_of=${rack}`), ['numa0:VCPU=1']);
    assert.deepEqual(requests(numa, `resources=VCPU:1&member_of=!${rack}`), []);
    assert.deepEqual(requests(numa, `resources1=VCPU:1&member_of1=${rack}`), []);
  });
});

describe('group_policy', () => {
  const specs = [computeNode('cn1'), computeNode('cn2')];
  const query = 'resources1=VCPU:1&resources2=VCPU:1&group_policy=';

  test('none lets two granular groups share a provider, summing their amounts', () => {
    assert.deepEqual(requests(specs, `${query}none`), ['cn1:VCPU=2', 'cn2:VCPU=2']);
  });

  test('isolate wants a provider per granular group', () => {
    assert.deepEqual(requests(specs, `${query}isolate`), []);
    assert.deepEqual(requests(numa, 'resources1=VCPU:1&resources2=DISK_GB:1&group_policy=isolate'), [
      'cn:DISK_GB=1 numa0:VCPU=1',
    ]);
  });

  test('the summed amount must still fit', () => {
    const small = [{ name: 'one', inventory: { VCPU: 1 } }];
    assert.deepEqual(requests(small, `${query}none`), []);
  });
});

describe('sharing providers', () => {
  const specs: ProviderSpec[] = [
    { name: 'cn1', inventory: { VCPU: 8 }, aggregates: ['pool'] },
    { name: 'cn2', inventory: { VCPU: 8 } },
    {
      name: 'nfs',
      inventory: { DISK_GB: 500 },
      traits: ['MISC_SHARES_VIA_AGGREGATE'],
      aggregates: ['pool'],
    },
  ];

  test('give their inventory to the trees of their aggregates', () => {
    assert.deepEqual(requests(specs, 'resources=VCPU:1,DISK_GB:10'), ['cn1:VCPU=1 nfs:DISK_GB=10']);
    assert.deepEqual(Object.keys(summaries(specs, 'resources=VCPU:1,DISK_GB:10')), ['cn1', 'nfs']);
  });

  test('may meet a granular group for another tree', () => {
    assert.deepEqual(requests(specs, 'resources=VCPU:1&resources1=DISK_GB:10'), [
      'cn1:VCPU=1 nfs:DISK_GB=10',
    ]);
  });
});

describe('limit', () => {
  const specs = ['a', 'b', 'c', 'd'].map((name) => computeNode(name));

  test('keeps that many requests and the summaries of their trees only', () => {
    const answer = coreAnswer(specs, 'resources=VCPU:1&limit=2');
    assert.equal(answer.allocation_requests.length, 2);
    const used = answer.allocation_requests.flatMap((request) => Object.keys(request.allocations as object));
    assert.deepEqual(Object.keys(answer.provider_summaries).sort(), used.sort());
  });

  test('with randomize_allocation_candidates, picks a random sample', () => {
    const world = worldOf(specs);
    const version = Microversion.parse('1.39');
    const request = parseCandidateRequest(new URLSearchParams('resources=VCPU:1&limit=1'), version);
    const pick = (random: () => number) =>
      findCandidates(request, world, { nestedAware: true, randomize: true, random }).allocationRequests.map(
        (candidate) => candidate.resourceRequests[0].providerId,
      );
    assert.deepEqual(
      pick(() => 0),
      [1],
    );
    assert.deepEqual(
      pick(() => 0.99),
      [4],
    );
  });
});

test('an amount asked by the unsuffixed and a granular group of one provider is summed, as upstream', () => {
  assert.deepEqual(requests([computeNode('cn')], 'resources=VCPU:1&resources1=VCPU:1'), ['cn:VCPU=2']);
});
