import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Forbidden } from '../../../../src/common/http/errors.js';
import { authorize, createPolicyEnforcer } from '../../../../src/common/policy/index.js';
import { contextFor } from '../../../helpers/fixed-callers.js';

const policy = createPolicyEnforcer(
  [{ name: 'volume:get', check: 'project_id:%(project_id)s', description: 'Show a volume' }],
  {},
);
const caller = contextFor({ projectId: 'p1', userId: 'u1', roles: ['member'] });

test("authorize lets an allowed caller through and refuses others with Nova's and Cinder's 403", () => {
  authorize(policy, 'volume:get', { project_id: 'p1' }, caller);
  assert.throws(
    () => authorize(policy, 'volume:get', { project_id: 'p2' }, caller),
    (error: unknown) =>
      error instanceof Forbidden &&
      error.status === 403 &&
      error.message === "Policy doesn't allow volume:get to be performed.",
  );
});
