import type { PolicyRule } from '../../common/policy/types.js';
import { basePolicies } from './base.js';
import { networkPolicies } from './networks.js';

/** Every default rule of the network service, one file per resource as Neutron keeps them. */
export const networkServicePolicies: PolicyRule[] = [...basePolicies, ...networkPolicies];
