import { Forbidden, NotFound } from '../../common/http/errors.js';

/**
 * The options a domain may override, by group, with keystone.conf's defaults (Keystone Zed;
 * what `GET /v3/domains/config/default` answers). Only the identity driver settings are
 * domain-specific, so only the `identity` and `ldap` groups are; Keystone lists each option
 * explicitly so a new LDAP setting is never exposed by accident, and so do we.
 */
export const CONFIG_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  identity: { driver: 'sql', list_limit: null },
  ldap: {
    url: 'ldap://localhost',
    user: null,
    suffix: 'cn=example,cn=com',
    query_scope: 'one',
    page_size: 0,
    alias_dereferencing: 'default',
    debug_level: null,
    chase_referrals: null,
    user_tree_dn: null,
    user_filter: null,
    user_objectclass: 'inetOrgPerson',
    user_id_attribute: 'cn',
    user_name_attribute: 'sn',
    user_mail_attribute: 'mail',
    user_description_attribute: 'description',
    user_pass_attribute: 'userPassword',
    user_enabled_attribute: 'enabled',
    user_enabled_invert: false,
    user_enabled_mask: 0,
    user_enabled_default: 'True',
    user_attribute_ignore: ['default_project_id'],
    user_default_project_id_attribute: null,
    user_enabled_emulation: false,
    user_enabled_emulation_dn: null,
    user_enabled_emulation_use_group_config: false,
    user_additional_attribute_mapping: [],
    group_tree_dn: null,
    group_filter: null,
    group_objectclass: 'groupOfNames',
    group_id_attribute: 'cn',
    group_name_attribute: 'ou',
    group_members_are_ids: false,
    group_member_attribute: 'member',
    group_desc_attribute: 'description',
    group_attribute_ignore: [],
    group_additional_attribute_mapping: [],
    tls_cacertfile: null,
    tls_cacertdir: null,
    use_tls: false,
    tls_req_cert: 'demand',
    use_pool: true,
    pool_size: 10,
    pool_retry_max: 3,
    pool_retry_delay: 0.1,
    pool_connection_timeout: -1,
    pool_connection_lifetime: 600,
    use_auth_pool: true,
    auth_pool_size: 100,
    auth_pool_connection_lifetime: 60,
  },
};

/** Options a domain may set but that are never shown back (and have no default to read). */
const SENSITIVE_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  identity: [],
  ldap: ['password'],
};

/** The read-only group Keystone serves from its own `[security_compliance]` settings. */
export const SECURITY_COMPLIANCE_GROUP = 'security_compliance';
const READABLE_SECURITY_COMPLIANCE = ['password_regex', 'password_regex_description'];

/** Keystone's InvalidDomainConfig: a 403. */
export function invalidConfig(reason: string): Forbidden {
  return new Forbidden(`Invalid domain specific configuration: ${reason}.`);
}

/** Keystone's DomainConfigNotFound; `what` is e.g. `group ldap` or `any options`. */
export function configNotFound(domainId: string, group?: string, option?: string): NotFound {
  const what = option ? `option ${option} in group ${group}` : group ? `group ${group}` : 'any options';
  return new NotFound(`Could not find ${what} in domain configuration for domain ${domainId}.`);
}

export function isSensitive(group: string, option: string): boolean {
  return SENSITIVE_OPTIONS[group]?.includes(option) ?? false;
}

/** Refuses a group, or an option of a group, that a domain may not configure. */
export function assertSupported(group?: string, option?: string): void {
  if (group === undefined) return;
  if (!Object.hasOwn(CONFIG_DEFAULTS, group)) {
    throw invalidConfig(`Group ${group} is not supported for domain specific configurations`);
  }
  if (option !== undefined && !Object.hasOwn(CONFIG_DEFAULTS[group], option) && !isSensitive(group, option)) {
    throw invalidConfig(
      `Option ${option} in group ${group} is not supported for domain specific configurations`,
    );
  }
}

/**
 * keystone.conf's defaults for the domain-configurable options: all of them, one group, or one
 * option (then shown without its group, as Keystone does). Sensitive options have none to read.
 */
export function configDefaults(group?: string, option?: string): Record<string, unknown> {
  assertSupported(group, option);
  if (group === undefined) return structuredClone(CONFIG_DEFAULTS);
  const defaults = CONFIG_DEFAULTS[group];
  if (option === undefined) return { [group]: structuredClone(defaults) };
  if (!Object.hasOwn(defaults, option)) {
    throw invalidConfig(`Reading the default for option ${option} in group ${group} is not supported`);
  }
  return { [option]: structuredClone(defaults[option]) };
}

/**
 * The `[security_compliance]` password rules a client may read to show users, for the default
 * domain only. Stratus checks no password pattern, so both are null, as keystone.conf's defaults.
 */
export function securityComplianceConfig(
  domainId: string,
  defaultDomainId: string,
  option?: string,
): Record<string, unknown> {
  if (domainId !== defaultDomainId) {
    throw invalidConfig(
      'Reading security compliance information for any domain other than the default domain is not allowed or supported',
    );
  }
  if (option !== undefined) {
    if (!READABLE_SECURITY_COMPLIANCE.includes(option)) {
      throw invalidConfig(
        'Reading security compliance values other than password_regex and password_regex_description is not allowed',
      );
    }
    return { [option]: null };
  }
  return {
    [SECURITY_COMPLIANCE_GROUP]: Object.fromEntries(READABLE_SECURITY_COMPLIANCE.map((name) => [name, null])),
  };
}
