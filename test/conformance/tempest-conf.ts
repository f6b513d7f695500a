/**
 * tempest.conf for an identity-only cloud: admin credentials from the cloud's openrc, dynamic
 * credentials (Tempest creates its own projects and users), Keystone v3 only, the identity
 * features the cloud offers, and every other service marked unavailable so nothing waits for
 * compute, network or images. Option names are those of Tempest 33's tempest/config.py.
 */
import { SECURITY_COMPLIANCE } from './cloud.js';
import type { OpenRc } from './openrc.js';

export interface TempestConfInput {
  admin: OpenRc;
  /** The workspace's logs/ and lock directory. */
  logDir: string;
  lockPath: string;
  /** Whether the cloud supports application credentials' access rules (see probeAccessRules). */
  accessRules: boolean;
}

type Sections = Record<string, Record<string, string | number | boolean>>;

/** Services Tempest knows besides identity; none of them runs here (yet). */
const OTHER_SERVICES = ['nova', 'glance', 'neutron', 'cinder', 'swift', 'horizon'];

export function tempestConf({ admin, logDir, lockPath, accessRules }: TempestConfInput): string {
  const userDomain = admin.OS_USER_DOMAIN_NAME ?? 'Default';
  const sections: Sections = {
    DEFAULT: { log_dir: logDir, log_file: 'tempest.log' },
    oslo_concurrency: { lock_path: lockPath },
    auth: {
      use_dynamic_credentials: true,
      create_isolated_networks: false,
      admin_username: admin.OS_USERNAME,
      admin_password: admin.OS_PASSWORD,
      admin_project_name: admin.OS_PROJECT_NAME,
      admin_domain_name: userDomain,
      admin_user_domain_name: userDomain,
      admin_project_domain_name: admin.OS_PROJECT_DOMAIN_NAME ?? 'Default',
      default_credentials_domain_name: 'Default',
      // Empty: Tempest's own users get the 'member' role, as on a default Keystone.
      tempest_roles: '',
    },
    identity: {
      uri_v3: admin.OS_AUTH_URL,
      auth_version: 'v3',
      region: admin.OS_REGION_NAME ?? 'RegionOne',
      // A catalog may list only public endpoints; Tempest's default would be the admin one.
      v3_endpoint_type: 'public',
      admin_role: 'admin',
      default_domain_id: 'default',
      user_lockout_failure_attempts: SECURITY_COMPLIANCE.lockout_failure_attempts,
      user_lockout_duration: SECURITY_COMPLIANCE.lockout_duration,
      user_unique_last_password_count: SECURITY_COMPLIANCE.unique_last_password_count,
    },
    'identity-feature-enabled': {
      api_v2: false,
      api_v2_admin: false,
      api_v3: true,
      trust: true,
      security_compliance: true,
      application_credentials: true,
      access_rules: accessRules,
      project_tags: true,
      domain_specific_drivers: false,
      immutable_user_source: false,
    },
    service_available: Object.fromEntries(OTHER_SERVICES.map((service) => [service, false])),
    validation: { run_validation: false },
  };
  return Object.entries(sections)
    .map(([name, options]) => {
      // oslo.config substitutes $name in values; $$ is a literal dollar (passwords may hold one).
      const lines = Object.entries(options).map(
        ([key, value]) => `${key} = ${String(value).replaceAll('$', () => '$$')}`,
      );
      return `[${name}]\n${lines.join('\n')}\n`;
    })
    .join('\n');
}

const withoutSlash = (url: string) => url.replace(/\/+$/, '');

/** An admin token, for the probe below. */
async function adminToken(admin: OpenRc): Promise<{ token: string; userId: string }> {
  const response = await fetch(`${withoutSlash(admin.OS_AUTH_URL)}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: {
            user: {
              name: admin.OS_USERNAME,
              password: admin.OS_PASSWORD,
              domain: { name: admin.OS_USER_DOMAIN_NAME ?? 'Default' },
            },
          },
        },
        scope: {
          project: {
            name: admin.OS_PROJECT_NAME,
            domain: { name: admin.OS_PROJECT_DOMAIN_NAME ?? 'Default' },
          },
        },
      },
    }),
  });
  const body = (await response.json()) as { token?: { user?: { id?: string } } };
  const token = response.headers.get('x-subject-token');
  if (response.status !== 201 || !token || !body.token?.user?.id) {
    throw new Error(`admin login to ${admin.OS_AUTH_URL} answered ${response.status}`);
  }
  return { token, userId: body.token.user.id };
}

/**
 * Access rules (API 3.13) are optional in practice, and Tempest tests them only when told to.
 * A cloud supports them when it accepts an application credential restricted by one: create
 * one for the admin (then delete it) and see.
 */
export async function probeAccessRules(admin: OpenRc): Promise<boolean> {
  const { token, userId } = await adminToken(admin);
  const credentials = `${withoutSlash(admin.OS_AUTH_URL)}/users/${userId}/application_credentials`;
  const headers = { 'X-Auth-Token': token, 'Content-Type': 'application/json' };
  const response = await fetch(credentials, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      application_credential: {
        name: `conformance-access-rules-probe-${Date.now()}`,
        access_rules: [{ service: 'identity', method: 'GET', path: '/v3/users' }],
      },
    }),
  });
  const body = (await response.json()) as { application_credential?: { id?: string } };
  const id = body.application_credential?.id;
  if (response.status !== 201 || !id) return false;
  const deleted = await fetch(`${credentials}/${id}`, {
    method: 'DELETE',
    headers: { 'X-Auth-Token': token },
  });
  await deleted.arrayBuffer();
  return true;
}
