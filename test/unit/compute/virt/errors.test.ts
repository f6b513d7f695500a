import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  InstanceNotFound,
  InvalidPowerState,
  VirtError,
  VirtErrorCode,
} from '../../../../src/compute/virt/errors.js';
import { PowerState } from '../../../../src/compute/virt/power-state.js';

test('virt errors carry a name, a code and JSON-safe details for the bus', () => {
  const error = new InvalidPowerState('u-1', 'pause', PowerState.SHUTDOWN);
  assert.ok(error instanceof VirtError);
  assert.equal(error.name, 'InvalidPowerState');
  assert.equal(error.message, 'Cannot pause instance u-1 while its power state is shutdown.');
  assert.deepEqual(JSON.parse(JSON.stringify(error)), {
    code: VirtErrorCode.INVALID_POWER_STATE,
    name: 'InvalidPowerState',
    instanceUuid: 'u-1',
    operation: 'pause',
    powerState: 4,
  });
  assert.equal(new InstanceNotFound('u-2').message, 'Instance u-2 could not be found.');
});
