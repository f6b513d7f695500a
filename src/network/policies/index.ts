import type { PolicyRule } from '../../common/policy/types.js';
import { agentPolicies } from './agents.js';
import { basePolicies } from './base.js';
import { floatingIpPolicies } from './floating-ips.js';
import { networkIpAvailabilityPolicies } from './network-ip-availability.js';
import { networkPolicies } from './networks.js';
import { portPolicies } from './ports.js';
import { quotaPolicies } from './quotas.js';
import { rbacPolicies } from './rbac.js';
import { routerPolicies } from './routers.js';
import { securityGroupRulePolicies } from './security-group-rules.js';
import { securityGroupPolicies } from './security-groups.js';
import { subnetPoolPolicies } from './subnetpools.js';
import { subnetPolicies } from './subnets.js';

/** Every default rule of the network service, one file per resource as Neutron keeps them. */
export const networkServicePolicies: PolicyRule[] = [
  ...basePolicies,
  ...networkPolicies,
  ...subnetPolicies,
  ...subnetPoolPolicies,
  ...portPolicies,
  ...routerPolicies,
  ...floatingIpPolicies,
  ...securityGroupPolicies,
  ...securityGroupRulePolicies,
  ...quotaPolicies,
  ...rbacPolicies,
  ...agentPolicies,
  ...networkIpAvailabilityPolicies,
];
