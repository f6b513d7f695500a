/** An API extension as `/extensions` shows it, with upstream's own name, description and date. */
export interface NeutronExtension {
  alias: string;
  name: string;
  description: string;
  updated: string;
}

function extension(alias: string, name: string, description: string, updated: string): NeutronExtension {
  return { alias, name, description, updated };
}

/**
 * The extensions Stratus really implements, as neutron-lib's API definitions (ALIAS, NAME,
 * DESCRIPTION, UPDATED_TIMESTAMP) and Neutron's extension descriptors name them. Clients
 * (the CLI, Tempest, Terraform) decide what to ask for from this list, so an alias belongs here
 * only once what it promises works. Add yours in its group, one line each.
 */
export const EXTENSIONS: readonly NeutronExtension[] = [
  // Core resources and their attributes.
  extension('network', 'Neutron L2 Network', 'Layer 2 network abstraction', '2012-01-01T10:00:00-00:00'),
  extension('subnet', 'Neutron L3 Subnet', 'Layer 3 subnet abstraction', '2012-01-01T10:00:00-00:00'),
  extension('port', 'Neutron Port', 'Network port abstraction', '2012-01-01T10:00:00-00:00'),
  extension(
    'provider',
    'Provider Network',
    'Expose mapping of virtual networks to physical networks',
    '2012-09-07T10:00:00-00:00',
  ),
  extension(
    'external-net',
    'Neutron external network',
    'Adds external network attribute to network resource.',
    '2013-01-14T10:00:00-00:00',
  ),
  extension(
    'net-mtu',
    'Network MTU',
    'Provides MTU attribute for a network resource.',
    '2015-03-25T10:00:00-00:00',
  ),
  extension(
    'net-mtu-writable',
    'Network MTU (writable)',
    'Provides a writable MTU attribute for a network resource.',
    '2017-07-12T00:00:00-00:00',
  ),
  extension(
    'binding',
    'Port Binding',
    'Expose port bindings of a virtual port to external application',
    '2014-02-03T10:00:00-00:00',
  ),
  extension('port-security', 'Port Security', 'Provides port security', '2012-07-23T10:00:00-00:00'),
  extension(
    'allowed-address-pairs',
    'Allowed Address Pairs',
    'Provides allowed address pairs',
    '2013-07-23T10:00:00-00:00',
  ),
  extension(
    'subnet_allocation',
    'Subnet Allocation',
    'Enables allocation of subnets from a subnet pool',
    '2015-03-30T10:00:00-00:00',
  ),
  extension(
    'default-subnetpools',
    'Default Subnetpools',
    'Provides ability to mark and use a subnetpool as the default.',
    '2016-02-18T18:00:00-00:00',
  ),
  // Routers.
  extension(
    'router',
    'Neutron L3 Router',
    'Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway.',
    '2012-07-20T10:00:00-00:00',
  ),
  extension(
    'extraroute',
    'Neutron Extra Route',
    'Extra routes configuration for L3 router',
    '2013-02-01T10:00:00-00:00',
  ),
  extension(
    'ext-gw-mode',
    'Neutron L3 Configurable external gateway mode',
    'Extension of the router abstraction for specifying whether SNAT should occur on the external gateway',
    '2013-03-28T10:00:00-00:00',
  ),
  // Security groups.
  extension(
    'security-group',
    'security-group',
    'The security groups extension.',
    '2012-10-05T10:00:00-00:00',
  ),
  // Quotas.
  extension(
    'quotas',
    'Quota management support',
    'Expose functions for quotas management per project',
    '2012-07-29T10:00:00-00:00',
  ),
  extension(
    'quota_details',
    'Quota details management support',
    'Expose functions for quotas usage statistics per project',
    '2017-02-10T10:00:00-00:00',
  ),
  extension(
    'quota-check-limit',
    'Quota engine limit check',
    'Support for checking the resource usage before applying a new quota limit',
    '2021-09-08T16:00:00-00:00',
  ),
  // RBAC.
  extension(
    'rbac-policies',
    'RBAC Policies',
    'Allows creation and modification of policies that control project access to resources.',
    '2015-06-17T12:15:12-00:00',
  ),
  extension(
    'rbac-security-groups',
    'Add security_group type to network RBAC',
    'Add security_group type to network RBAC',
    '2019-02-14T00:00:00-00:00',
  ),
  // Standard attributes.
  extension(
    'standard-attr-description',
    'standard-attr-description',
    'Extension to add descriptions to standard attributes',
    '2016-02-10T10:00:00-00:00',
  ),
  extension(
    'standard-attr-revisions',
    'Resource revision numbers',
    'This extension will display the revision number of neutron resources.',
    '2016-04-11T10:00:00-00:00',
  ),
  extension(
    'standard-attr-timestamp',
    'Resource timestamps',
    'Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes.',
    '2016-09-12T10:00:00-00:00',
  ),
  extension(
    'standard-attr-tag',
    'Tag support for resources with standard attribute: port, subnet, subnetpool, network, router, floatingip, security_group',
    'Enables to set tag on resources with standard attribute.',
    '2017-01-01T00:00:00-00:00',
  ),
  extension(
    'tag-creation',
    'Tag creation extension',
    'Allow to create multiple tags for a resource',
    // Upstream's own date, month and day swapped as neutron-lib has it.
    '2024-23-07T10:00:00-00:00',
  ),
  extension(
    'revision-if-match',
    'If-Match constraints based on revision_number',
    'Extension indicating that If-Match based on revision_number is supported.',
    '2016-12-11T00:00:00-00:00',
  ),
  // Agents and availability zones.
  extension('agent', 'agent', 'The agent management extension.', '2013-02-03T10:00:00-00:00'),
  extension(
    'agent_sort_key',
    'Agents Sort Key',
    'Enabling the keyword sort_key for sorting in agents.',
    '2013-02-03T10:00:00-00:00',
  ),
  extension(
    'availability_zone',
    'Availability Zone',
    'The availability zone extension.',
    '2015-01-01T10:00:00-00:00',
  ),
  extension(
    'network_availability_zone',
    'Network Availability Zone',
    'Availability zone support for network.',
    '2015-01-01T10:00:00-00:00',
  ),
  extension(
    'router_availability_zone',
    'Router Availability Zone',
    'Availability zone support for router.',
    '2015-01-01T10:00:00-00:00',
  ),
  // Network IP availability.
  extension(
    'network-ip-availability',
    'Network IP Availability',
    'Provides IP availability data for each network and subnet.',
    '2015-09-24T00:00:00-00:00',
  ),
  // The API itself: owners, lists.
  extension(
    'project-id',
    'project_id field enabled',
    'Extension that indicates that project_id field is enabled.',
    '2016-09-09T09:09:09-09:09',
  ),
  extension(
    'pagination',
    'Pagination support',
    'Extension that indicates that pagination is enabled.',
    '2016-06-12T00:00:00-00:00',
  ),
  extension(
    'sorting',
    'Sorting support',
    'Extension that indicates that sorting is enabled.',
    '2016-06-12T00:00:00-00:00',
  ),
  extension(
    'filter-validation',
    'Filter parameters validation',
    'Provides validation on filter parameters.',
    '2018-07-04T10:00:00-00:00',
  ),
  extension(
    'sort-key-validation',
    'Sort keys validation',
    'Provides validation on sort keys.',
    '2018-07-04T10:00:00-00:00',
  ),
  extension(
    'empty-string-filtering',
    'Empty String Filtering Extension',
    'Allow filtering by attributes with empty string value',
    '2018-05-01T10:00:00-00:00',
  ),
  // Added as their resources landed.
  extension('ip_allocation', 'IP Allocation', 'IP allocation extension.', '2016-06-10T23:00:00-00:00'),
  extension(
    'extraroute-atomic',
    'Atomically add/remove extra routes',
    'Edit extra routes of a router on server side by atomically adding/removing extra routes',
    '2019-07-10T00:00:00+00:00',
  ),
  extension(
    'fip-port-details',
    'Floating IP Port Details Extension',
    'Add port_details attribute to Floating IP resource',
    '2018-04-09T10:00:00-00:00',
  ),
  extension(
    'stateful-security-group',
    'Stateful security group',
    'Indicates if the security group is stateful or not',
    '2019-11-26T09:00:00-00:00',
  ),
  extension(
    'security-groups-normalized-cidr',
    'Normalized CIDR field for security group rules',
    'Add new field with normalized remote_ip_prefix cidr in SG rule',
    '2020-07-28T10:00:00-00:00',
  ),
  extension(
    'security-groups-rules-belongs-to-default-sg',
    "Security group rule belongs to the project's default security group",
    "Flag to determine if the security group rule belongs to the project's default security group",
    '2023-05-23T10:00:00-00:00',
  ),
  extension(
    'security-groups-shared-filtering',
    'Security group filtering on the shared field',
    'Support filtering security groups on the shared field',
    '2021-10-05T09:00:00-00:00',
  ),
];
