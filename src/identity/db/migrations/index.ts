import type { Migrations } from '../../../common/db/index.js';
import { initial } from './001-initial.js';
import { trusts } from './002-trusts.js';
import { policiesConsumersConfigsEndpointGroups } from './003-policies-consumers-configs-endpoint-groups.js';
import { accessRules } from './004-access-rules.js';

export const identityMigrations: Migrations = {
  '001-initial': initial,
  '002-trusts': trusts,
  '003-policies-consumers-configs-endpoint-groups': policiesConsumersConfigsEndpointGroups,
  '004-access-rules': accessRules,
};
