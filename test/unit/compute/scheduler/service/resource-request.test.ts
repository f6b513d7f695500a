import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  candidatesRequestOf,
  resourceRequestFor,
} from '../../../../../src/compute/scheduler/service/resource-request.js';
import type { FlavorSpec, ImageMeta } from '../../../../../src/compute/virt/types.js';

const flavor = (overrides: Partial<FlavorSpec> = {}): FlavorSpec => ({
  id: '1',
  name: 'f',
  vcpus: 2,
  memoryMb: 2048,
  rootGb: 20,
  ephemeralGb: 0,
  swapMb: 0,
  extraSpecs: {},
  ...overrides,
});
const image = (properties: Record<string, string>): ImageMeta => ({ id: 'i', properties });
const query = (f: FlavorSpec, options: { image?: ImageMeta | null; bfv?: boolean; pinning?: boolean } = {}) =>
  candidatesRequestOf(
    resourceRequestFor(f, options.image ?? null, options.bfv ?? false, {
      translatePinning: options.pinning ?? true,
    }),
  );

describe('resourceRequestFor', () => {
  test('VCPU, MEMORY_MB and DISK_GB from the flavor, in the unsuffixed group', () => {
    assert.deepEqual(query(flavor()), { resources: { VCPU: 2, MEMORY_MB: 2048, DISK_GB: 20 } });
  });

  test('disk is root + ephemeral + swap rounded up to GB; a volume-backed root counts nothing', () => {
    assert.deepEqual(query(flavor({ ephemeralGb: 5, swapMb: 1025 })).resources, {
      VCPU: 2,
      MEMORY_MB: 2048,
      DISK_GB: 27,
    });
    assert.deepEqual(query(flavor({ swapMb: 512 }), { bfv: true }).resources, {
      VCPU: 2,
      MEMORY_MB: 2048,
      DISK_GB: 1,
    });
    // Nothing left for disk: no DISK_GB at all.
    assert.deepEqual(query(flavor(), { bfv: true }).resources, { VCPU: 2, MEMORY_MB: 2048 });
    assert.deepEqual(query(flavor({ rootGb: 0 })).resources, { VCPU: 2, MEMORY_MB: 2048 });
  });

  test('resources:* extra specs override the flavor, 0 removes a class, bad ones are ignored', () => {
    const f = flavor({
      extraSpecs: {
        'resources:VCPU': '0',
        'resources:PCPU': '2',
        'resources:CUSTOM_GPU': ' 1 ',
        'resources:NOT_A_CLASS': '1',
        'resources:MEMORY_MB': 'lots',
        'resources:DISK_GB': '-1',
      },
    });
    assert.deepEqual(query(f).resources, { PCPU: 2, CUSTOM_GPU: 1, MEMORY_MB: 2048, DISK_GB: 20 });
  });

  test('trait:* extra specs are required or forbidden, anything else is ignored', () => {
    const f = flavor({
      extraSpecs: {
        'trait:HW_CPU_X86_AVX2': 'required',
        'trait:CUSTOM_SLOW': 'forbidden',
        'trait:X': 'maybe',
      },
    });
    const q = query(f);
    assert.deepEqual(q.required, ['HW_CPU_X86_AVX2']);
    assert.deepEqual(q.forbidden, ['CUSTOM_SLOW']);
  });

  test('suffixed extra specs make granular groups; group_policy is passed on', () => {
    const f = flavor({
      extraSpecs: {
        'resources1:CUSTOM_NIC': '1',
        'trait1:CUSTOM_PHYSNET_A': 'required',
        'resources_gpu:VGPU': '1',
        group_policy: 'isolate',
      },
    });
    const q = query(f);
    assert.deepEqual(q.groups, {
      '1': { resources: { CUSTOM_NIC: 1 }, required: ['CUSTOM_PHYSNET_A'] },
      _gpu: { resources: { VGPU: 1 } },
    });
    assert.equal(q.groupPolicy, 'isolate');
  });

  test("the image's trait: properties are required in the unsuffixed group", () => {
    const q = query(flavor(), {
      image: image({ 'trait:HW_CPU_X86_SSE42': 'required', hw_disk_bus: 'virtio' }),
    });
    assert.deepEqual(q.required, ['HW_CPU_X86_SSE42']);
  });

  test('hw:cpu_policy=dedicated asks for PCPU, unless translation is off (the fallback query)', () => {
    const f = flavor({ extraSpecs: { 'hw:cpu_policy': 'dedicated', 'hw:cpu_thread_policy': 'isolate' } });
    const pinned = resourceRequestFor(f, null, false, { translatePinning: true });
    assert.equal(pinned.cpuPinningRequested, true);
    const q = candidatesRequestOf(pinned);
    assert.deepEqual(q.resources, { PCPU: 2, MEMORY_MB: 2048, DISK_GB: 20 });
    assert.deepEqual(q.forbidden, ['HW_CPU_HYPERTHREADING']);
    assert.deepEqual(query(f, { pinning: false }).resources, { VCPU: 2, MEMORY_MB: 2048, DISK_GB: 20 });
    // The image may ask for it too.
    assert.deepEqual(query(flavor(), { image: image({ hw_cpu_policy: 'dedicated' }) }).resources?.PCPU, 2);
  });

  test('the scope adds in_tree, member_of, root_required and the limit', () => {
    const q = candidatesRequestOf(resourceRequestFor(flavor(), null, false, { translatePinning: true }), {
      inTree: 'rp-1',
      memberOf: [['agg-1', 'agg-2']],
      rootForbidden: ['COMPUTE_STATUS_DISABLED'],
      limit: 1000,
    });
    assert.equal(q.inTree, 'rp-1');
    assert.deepEqual(q.memberOf, [['agg-1', 'agg-2']]);
    assert.deepEqual(q.rootRequired, ['!COMPUTE_STATUS_DISABLED']);
    assert.equal(q.limit, 1000);
  });
});
