import type { Migrations } from '../../../common/db/index.js';
import { flavorsAndKeypairs } from './001-flavors-keypairs.js';
import { services } from './002-services.js';
import { aggregates } from './003-aggregates.js';
import { quotas } from './004-quotas.js';
import { serverGroups } from './005-server-groups.js';
import { computeNodes } from './006-compute-nodes.js';
import { instances } from './007-instances.js';
import { consoleAuthTokens } from './008-console-auth-tokens.js';

export const computeMigrations: Migrations = {
  '001-flavors-keypairs': flavorsAndKeypairs,
  '002-services': services,
  '003-aggregates': aggregates,
  '004-quotas': quotas,
  '005-server-groups': serverGroups,
  '006-compute-nodes': computeNodes,
  '007-instances': instances,
  '008-console-auth-tokens': consoleAuthTokens,
};
