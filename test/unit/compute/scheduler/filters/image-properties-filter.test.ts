import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SupportedInstance } from '../../../../../src/compute/scheduler/host-state.js';
import { imagePropertiesFilter } from '../../../../../src/compute/scheduler/filters/image-properties-filter.js';
import { fakeHost, fakeSpec } from '../fakes.js';

const kvm: SupportedInstance = ['x86_64', 'kvm', 'hvm'];
const full = { hw_architecture: 'x86_64', img_hv_type: 'kvm', hw_vm_mode: 'hvm' };

// Nova's test_image_props_filters cases: image properties, host offers and version, passes.
const cases: [string, Record<string, string>, SupportedInstance[], number | null, boolean][] = [
  [
    'all properties and a version in range',
    { ...full, img_hv_requested_version: '>=6.0,<6.2' },
    [kvm],
    6000000,
    true,
  ],
  [
    'another architecture',
    { ...full, hw_architecture: 'armv7l', img_hv_type: 'qemu' },
    [kvm],
    6000000,
    false,
  ],
  ['a version too old', { ...full, img_hv_requested_version: '>=6.2' }, [kvm], 6000000, false],
  ['some properties only', { hw_architecture: 'x86_64', hw_vm_mode: 'hvm' }, [kvm], 6000000, true],
  [
    'a vm mode the host lacks',
    { hw_architecture: 'x86_64', hw_vm_mode: 'hvm' },
    [['x86_64', 'xen', 'xen']],
    6000000,
    false,
  ],
  ['no image properties', {}, [kvm], 6000000, true],
  ['a host advertising nothing', full, [], 6000000, false],
  ['a host without a version', { ...full, img_hv_requested_version: '>=6.0' }, [kvm], null, true],
  ['a version of 5000 (0.5.0)', { ...full, img_hv_requested_version: '>=6.0' }, [kvm], 5000, false],
  ["'pv' vm mode is xen", { hw_vm_mode: 'pv' }, [['x86_64', 'xen', 'xen']], 6000000, true],
  ["'hv' vm mode is hvm", { hw_vm_mode: 'hv' }, [kvm], 6000000, true],
  ["'x86_32' is i686", { hw_architecture: 'x86_32' }, [['i686', 'kvm', 'hvm']], 6000000, true],
  ["'xapi' is xen", { img_hv_type: 'xapi' }, [['x86_64', 'xen', 'xen']], 6000000, true],
  ["'amd64' is x86_64, in any case", { hw_architecture: 'AMD64' }, [kvm], 6000000, true],
  ['any of several offers', { img_hv_type: 'qemu' }, [kvm, ['x86_64', 'qemu', 'hvm']], 6000000, true],
];

for (const [title, imageProperties, supportedInstances, hypervisorVersion, passes] of cases) {
  test(`${title}: ${passes ? 'passes' : 'fails'}`, () => {
    const host = fakeHost('host1', { supportedInstances, hypervisorVersion });
    assert.equal(
      imagePropertiesFilter().hostPasses(host, fakeSpec({ imageProperties }), () => {}),
      passes,
    );
  });
}

test('the default architecture applies to images that name none', () => {
  const filter = imagePropertiesFilter({ defaultArchitecture: 'x86_64' });
  const arm = fakeHost('host1', { supportedInstances: [['aarch64', 'kvm', 'hvm']] });
  assert.equal(
    filter.hostPasses(arm, fakeSpec({ imageProperties: { img_hv_type: 'kvm' } }), () => {}),
    false,
  );
  assert.equal(
    filter.hostPasses(arm, fakeSpec(), () => {}),
    false,
  );
  assert.equal(
    imagePropertiesFilter().hostPasses(arm, fakeSpec(), () => {}),
    true,
  );
});

test('it runs on rebuilds, once per request', () => {
  assert.equal(imagePropertiesFilter().runOnRebuild, true);
  assert.equal(imagePropertiesFilter().runOncePerRequest, true);
});
