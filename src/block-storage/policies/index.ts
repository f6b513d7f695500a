import type { RequestContext } from '../../common/auth/context.js';
import { Forbidden } from '../../common/http/errors.js';
import type { PolicyEnforcer, PolicyRule } from '../../common/policy/types.js';
import { attachmentPolicies, legacyAttachPolicies } from './attachments.js';
import { backupPolicies } from './backups.js';
import { basePolicies } from './base.js';
import { limitPolicies } from './limits.js';
import { quotaPolicies } from './quotas.js';
import { servicePolicies } from './services.js';
import { transferPolicies } from './transfers.js';
import { qosPolicies } from './qos.js';
import { snapshotPolicies } from './snapshots.js';
import { volumeTypePolicies } from './volume-types.js';
import { volumeActionPolicies } from './volume-actions.js';
import { volumeMetadataPolicies } from './volume-metadata.js';
import { volumePolicies } from './volumes.js';

/** Every default rule of the block storage service, one file per area of cinder/policies/. */
export const blockStoragePolicies: PolicyRule[] = [
  ...basePolicies,
  ...quotaPolicies,
  ...limitPolicies,
  ...servicePolicies,
  ...transferPolicies,
  ...volumePolicies,
  ...volumeActionPolicies,
  ...volumeMetadataPolicies,
  ...snapshotPolicies,
  ...volumeTypePolicies,
  ...qosPolicies,
  ...attachmentPolicies,
  ...legacyAttachPolicies,
  ...backupPolicies,
];

/** `context.authorize(action, target)`: a refusal is a 403 with Cinder's message. */
export function authorize(
  policy: PolicyEnforcer,
  action: string,
  target: Record<string, unknown>,
  context: RequestContext,
): void {
  if (!policy.check(action, target, context)) {
    throw new Forbidden(`Policy doesn't allow ${action} to be performed.`);
  }
}
