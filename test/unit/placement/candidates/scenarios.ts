import { aggregateUuid, providerUuid, type ProviderSpec } from './fixtures.js';

/**
 * Fixtures and the queries asked of them, whose answers were recorded from a real upstream
 * Placement (Zed, 8.x) into upstream-answers.ts. In queries, `{name}` stands for the uuid of
 * provider `name` and `{agg:name}` for that of aggregate `name`.
 */
export interface Scenario {
  name: string;
  providers: ProviderSpec[];
  queries: { query: string; version: string }[];
}

export function resolveQuery(query: string): string {
  return query
    .replace(/\{agg:([^}]+)\}/g, (_, name: string) => aggregateUuid(name))
    .replace(/\{([^}]+)\}/g, (_, name: string) => providerUuid(name));
}

const q = (version: string, ...queries: string[]) => queries.map((query) => ({ query, version }));

/** Flat compute nodes with usage, unit limits, traits and aggregates. */
export const computeNodes: Scenario = {
  name: 'compute nodes',
  providers: [
    {
      name: 'cn1',
      inventory: {
        VCPU: 8,
        MEMORY_MB: { total: 4096, reserved: 512 },
        DISK_GB: { total: 100, allocation_ratio: 1.5 },
      },
      used: { VCPU: 2, MEMORY_MB: 1024 },
      traits: ['HW_CPU_X86_AVX', 'CUSTOM_GOLD'],
      aggregates: ['agg1'],
    },
    {
      name: 'cn2',
      inventory: {
        VCPU: { total: 4, allocation_ratio: 16 },
        MEMORY_MB: 2048,
        DISK_GB: { total: 200, step_size: 10 },
      },
      traits: ['HW_CPU_X86_AVX', 'HW_CPU_X86_SSE'],
      aggregates: ['agg1', 'agg2'],
    },
    {
      name: 'cn3',
      inventory: { VCPU: { total: 4, max_unit: 2 }, MEMORY_MB: { total: 1024, min_unit: 256 }, DISK_GB: 50 },
      used: { VCPU: 1 },
      traits: ['CUSTOM_SILVER'],
      aggregates: ['agg2'],
    },
  ],
  queries: [
    ...['1.10', '1.12', '1.17', '1.26', '1.27', '1.29', '1.34', '1.39'].flatMap((version) =>
      q(version, 'resources=VCPU:1,MEMORY_MB:512,DISK_GB:10'),
    ),
    ...q(
      '1.39',
      'resources=VCPU:3',
      'resources=MEMORY_MB:128',
      'resources=DISK_GB:15',
      'resources=DISK_GB:150',
    ),
    ...q('1.39', 'resources=VCPU:64', 'resources=MEMORY_MB:3584', 'resources=MEMORY_MB:3585'),
    ...q('1.17', 'resources=VCPU:1&required=HW_CPU_X86_AVX'),
    ...q(
      '1.22',
      'resources=VCPU:1&required=!CUSTOM_GOLD',
      'resources=VCPU:1&required=HW_CPU_X86_AVX,!CUSTOM_GOLD',
    ),
    ...q(
      '1.39',
      'resources=VCPU:1&required=in:CUSTOM_GOLD,CUSTOM_SILVER',
      'resources=VCPU:1&required=HW_CPU_X86_AVX&required=!HW_CPU_X86_SSE',
      'resources=VCPU:1&required=in:CUSTOM_GOLD,HW_CPU_X86_SSE&required=HW_CPU_X86_AVX',
    ),
    ...q(
      '1.21',
      'resources=VCPU:1&member_of={agg:agg1}',
      'resources=VCPU:1&member_of=in:{agg:agg1},{agg:agg2}',
    ),
    ...q('1.24', 'resources=VCPU:1&member_of={agg:agg1}&member_of={agg:agg2}'),
    ...q(
      '1.32',
      'resources=VCPU:1&member_of=!{agg:agg2}',
      'resources=VCPU:1&member_of=!in:{agg:agg1},{agg:agg2}',
    ),
    ...q('1.39', 'resources=VCPU:1&member_of={agg:unknown}'),
    ...q('1.16', 'resources=VCPU:1&limit=2'),
    ...q(
      '1.25',
      'resources1=VCPU:1&resources2=MEMORY_MB:512&group_policy=none',
      'resources1=VCPU:1&resources2=MEMORY_MB:512&group_policy=isolate',
      'resources=VCPU:1&resources1=MEMORY_MB:512',
      'resources=VCPU:1&resources1=VCPU:1',
    ),
    ...q(
      '1.35',
      'resources=VCPU:1&root_required=CUSTOM_GOLD',
      'resources=VCPU:1&root_required=!CUSTOM_GOLD,HW_CPU_X86_AVX',
    ),
    // Unknown names are 400s, but only once the search reaches them.
    ...q(
      '1.39',
      'resources=CUSTOM_NOPE:1',
      'resources=VCPU:1&required=CUSTOM_NOPE',
      'resources=VCPU:1&root_required=CUSTOM_NOPE',
      'resources=VCPU:1&member_of={agg:unknown}&required=CUSTOM_NOPE',
      'resources=VCPU:999&resources1=CUSTOM_NOPE:1',
      'resources1=CUSTOM_NOPE:1&resources=VCPU:999',
      'resources=VCPU:1&in_tree={nowhere}',
    ),
  ],
};

/** A compute node with two NUMA nodes, each with a NIC's physical function, beside a flat node. */
export const numaTrees: Scenario = {
  name: 'NUMA trees',
  providers: [
    { name: 'cn', inventory: { DISK_GB: 100 }, traits: ['HW_CPU_X86_AVX'], aggregates: ['aggA'] },
    { name: 'numa0', parent: 'cn', inventory: { VCPU: 4, MEMORY_MB: 2048 }, traits: ['HW_NUMA_ROOT'] },
    {
      name: 'numa1',
      parent: 'cn',
      inventory: { VCPU: 4, MEMORY_MB: 2048 },
      used: { VCPU: 3 },
      traits: ['HW_NUMA_ROOT'],
    },
    {
      name: 'pf0',
      parent: 'numa0',
      inventory: { SRIOV_NET_VF: 8, NET_BW_EGR_KILOBIT_PER_SEC: 10000 },
      traits: ['CUSTOM_PHYSNET_A', 'HW_NIC_SRIOV'],
    },
    {
      name: 'pf1',
      parent: 'numa1',
      inventory: { SRIOV_NET_VF: 8, NET_BW_EGR_KILOBIT_PER_SEC: 20000 },
      traits: ['CUSTOM_PHYSNET_B', 'HW_NIC_SRIOV'],
    },
    { name: 'flat', inventory: { VCPU: 8, MEMORY_MB: 8192, DISK_GB: 50 } },
  ],
  queries: [
    ...['1.26', '1.28', '1.29', '1.39'].flatMap((version) =>
      q(version, 'resources=VCPU:1,MEMORY_MB:512,DISK_GB:10'),
    ),
    ...q('1.39', 'resources=VCPU:2', 'resources=VCPU:1,SRIOV_NET_VF:1', 'resources=VCPU:5'),
    ...q(
      '1.39',
      'resources=VCPU:1,SRIOV_NET_VF:1&required=CUSTOM_PHYSNET_B',
      'resources=VCPU:1,SRIOV_NET_VF:1&required=!CUSTOM_PHYSNET_A',
      'resources=VCPU:1,SRIOV_NET_VF:1&required=in:CUSTOM_PHYSNET_A,CUSTOM_PHYSNET_B&required=HW_CPU_X86_AVX',
      'resources=VCPU:1&required=HW_NIC_SRIOV',
      'resources=VCPU:1&in_tree={numa0}',
      'resources=VCPU:1&in_tree={flat}',
      'resources=VCPU:1&member_of={agg:aggA}',
      'resources=VCPU:1&member_of=!{agg:aggA}',
      'resources=VCPU:1&resources1=VCPU:1',
      'resources=DISK_GB:10&resources1=VCPU:1&resources2=SRIOV_NET_VF:1&group_policy=isolate',
      'resources1=VCPU:1&resources2=VCPU:1&group_policy=none',
      'resources1=VCPU:1&resources2=VCPU:1&group_policy=isolate',
      'resources1=VCPU:1&member_of1={agg:aggA}',
      'resources1=SRIOV_NET_VF:1&in_tree1={pf1}&resources2=VCPU:1&group_policy=none',
      'resources=VCPU:1&limit=1',
      'resources=VCPU:1&root_required=HW_CPU_X86_AVX',
      'resources_COMPUTE=VCPU:1,MEMORY_MB:512&resources_NIC=SRIOV_NET_VF:1,NET_BW_EGR_KILOBIT_PER_SEC:1000&required_NIC=CUSTOM_PHYSNET_A&group_policy=isolate&same_subtree=_COMPUTE,_NIC',
      'resources_COMPUTE=VCPU:1&resources_NIC=SRIOV_NET_VF:1&required_NUMA=HW_NUMA_ROOT&same_subtree=_COMPUTE,_NIC,_NUMA&group_policy=none',
      'resources1=VCPU:1&resources2=SRIOV_NET_VF:1&same_subtree=1,2&group_policy=none',
    ),
    ...q('1.25', 'resources1=VCPU:1,MEMORY_MB:512&resources2=SRIOV_NET_VF:1&group_policy=isolate'),
  ],
};

/** Compute nodes using the disk of a shared storage pool through an aggregate. */
export const sharedStorage: Scenario = {
  name: 'shared storage',
  providers: [
    { name: 'cn1', inventory: { VCPU: 8, MEMORY_MB: 4096 }, aggregates: ['pool'] },
    { name: 'cn2', inventory: { VCPU: 8, MEMORY_MB: 4096, DISK_GB: 20 }, aggregates: ['pool'] },
    { name: 'cn3', inventory: { VCPU: 8, MEMORY_MB: 4096 } },
    {
      name: 'storage',
      inventory: { DISK_GB: { total: 1000, reserved: 100 }, IPV4_ADDRESS: 4 },
      used: { DISK_GB: 200 },
      traits: ['MISC_SHARES_VIA_AGGREGATE'],
      aggregates: ['pool'],
    },
  ],
  queries: [
    ...['1.28', '1.39'].flatMap((version) => q(version, 'resources=VCPU:1,DISK_GB:10')),
    ...q(
      '1.39',
      'resources=VCPU:1,DISK_GB:100',
      'resources=DISK_GB:10',
      'resources=VCPU:1,DISK_GB:10,IPV4_ADDRESS:1',
      'resources=VCPU:1&resources1=DISK_GB:10',
      'resources=VCPU:1,DISK_GB:10&member_of={agg:pool}',
      'resources=VCPU:1,DISK_GB:10&required=!MISC_SHARES_VIA_AGGREGATE',
      'resources1=VCPU:1&resources2=DISK_GB:10&group_policy=isolate',
    ),
  ],
};

/** Malformed queries: upstream's 400 messages, which do not depend on the providers. */
export const malformedQueries: Scenario = {
  name: 'malformed queries',
  providers: [],
  queries: [
    ...q('1.10', '', 'resources=VCPU:1&limit=1', 'resources=VCPU:1&required=HW_CPU_X86_AVX'),
    ...q('1.16', 'resources=VCPU:1&limit=3&required=X'),
    ...q(
      '1.17',
      'resources=VCPU:1&limit=3&required=X&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
    ),
    ...q('1.21', 'resources=VCPU:1&required=!FOO', 'resources=VCPU:1&required=A,,B'),
    ...q('1.23', 'resources=VCPU:1&member_of={agg:a}&member_of={agg:b}'),
    ...q('1.24', 'resources1=VCPU:1&foo=1&bar=2', 'resources=VCPU:1&resources1=VCPU:1&foo=1&bar=2'),
    ...q(
      '1.25',
      'resources1=VCPU:1&resources2=VCPU:1',
      'resources=VCPU:1&in_tree={x}',
      'resources=VCPU:1&resources_A=VCPU:1',
    ),
    ...q('1.31', 'resources=VCPU:1&member_of=!{agg:a}'),
    ...q(
      '1.35',
      'resources=VCPU:1&required1=HW_CPU_X86_AVX',
      'resources=VCPU:1&member_of1={agg:a}',
      'required=HW_CPU_X86_AVX',
      'in_tree={x}',
      'resources=VCPU:1&root_required=A&root_required=B',
      'resources=VCPU:1&root_required=A,!A',
      'resources=VCPU:1&root_required=in:A',
      'resources=VCPU:1&same_subtree=1',
    ),
    ...q(
      '1.36',
      'resources=VCPU:1&same_subtree=,1',
      'resources=VCPU:1&same_subtree=1',
      'resources=VCPU:1&required1=HW_CPU_X86_AVX',
      'required1=HW_CPU_X86_AVX&same_subtree=1',
    ),
    ...q('1.38', 'resources=VCPU:1&required=in:A,B'),
    ...q(
      '1.39',
      '',
      'foo=bar',
      'zzz=1&aaa=2&resources=VCPU:1',
      'resources=VCPU:1&limit=0',
      'resources=VCPU:1&limit=',
      'resources=VCPU:1&limit=5&limit=0',
      'limit=0&group_policy=x&resources=VCPU:1',
      'resources=VCPU:1&group_policy=bad',
      'resources=VCPU:x',
      'resources=VCPU:0',
      'resources=VCPU:-1',
      'resources=VCPU',
      'resources=VCPU:1:2',
      'resources=',
      'resources=VCPU:1,',
      'resources=VCPU:x&resources=VCPU:1',
      'resources=VCPU:1&member_of=abc',
      'resources=VCPU:1&member_of=a,b',
      'resources=VCPU:1&in_tree=abc',
      'resources=VCPU:1&required=in:A,!B',
      'resources=VCPU:1&required=in:A,,B',
      'resources=VCPU:1&required=%20',
      'resources=VCPU:1&required=!',
      'resources=VCPU:1&required=HW_CPU_X86_AVX&required=!HW_CPU_X86_AVX',
      'resources=VCPU:1&required=in:HW_CPU_X86_AVX,HW_CPU_X86_SSE&required=!HW_CPU_X86_AVX,!HW_CPU_X86_SSE',
      'resources1=VCPU:1&required1=A,!A&resources2=VCPU:1&required2=!B,B&group_policy=none',
      'resources=VCPU:1&same_subtree=_X,_Y',
    ),
  ],
};

export const SCENARIOS = [computeNodes, numaTrees, sharedStorage, malformedQueries];
