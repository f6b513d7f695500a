import type { PolicyRule } from '../../common/policy/types.js';
import { attachmentPolicies, legacyAttachPolicies } from './attachments.js';
import { backupPolicies } from './backups.js';
import { basePolicies } from './base.js';
import { capabilitiesPolicies } from './capabilities.js';
import { hostPolicies } from './hosts.js';
import { limitPolicies } from './limits.js';
import { messagePolicies } from './messages.js';
import { quotaPolicies } from './quotas.js';
import { schedulerStatsPolicies } from './scheduler-stats.js';
import { servicePolicies } from './services.js';
import { transferPolicies } from './transfers.js';
import { qosPolicies } from './qos.js';
import { snapshotPolicies } from './snapshots.js';
import { volumeTypePolicies } from './volume-types.js';
import { volumeActionPolicies } from './volume-actions.js';
import { volumeMetadataPolicies } from './volume-metadata.js';
import { volumePolicies } from './volumes.js';

// `context.authorize(action, target)`, as every block storage file calls it from here.
export { authorize } from '../../common/policy/authorize.js';

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
  ...schedulerStatsPolicies,
  ...capabilitiesPolicies,
  ...hostPolicies,
  ...messagePolicies,
];
