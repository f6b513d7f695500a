/**
 * What the cloud serves, as its Keystone catalog says: a password login with an openrc, and the
 * public endpoint of each service type in the openrc's region. The suites test the services
 * found here (and Tempest needs their URLs for its probes).
 */
import type { OpenRc } from './openrc.js';

interface CatalogEntry {
  type: string;
  endpoints: { interface: string; region?: string | null; region_id?: string | null; url: string }[];
}

export interface Login {
  token: string;
  userId: string;
  /** Public endpoint URL by service type, in the openrc's region (any region when it has none). */
  endpoints: Map<string, string>;
}

const withoutSlash = (url: string) => url.replace(/\/+$/, '');

function publicEndpoints(catalog: CatalogEntry[], region: string | undefined): Map<string, string> {
  const endpoints = new Map<string, string>();
  for (const service of catalog) {
    const found = service.endpoints.find(
      (endpoint) =>
        endpoint.interface === 'public' &&
        (!region || endpoint.region_id === region || endpoint.region === region),
    );
    if (found) endpoints.set(service.type, withoutSlash(found.url));
  }
  return endpoints;
}

/** POST /v3/auth/tokens with the openrc's password, scoped to its project. */
export async function login(rc: OpenRc): Promise<Login> {
  const response = await fetch(`${withoutSlash(rc.OS_AUTH_URL)}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: {
            user: {
              name: rc.OS_USERNAME,
              password: rc.OS_PASSWORD,
              domain: { name: rc.OS_USER_DOMAIN_NAME ?? 'Default' },
            },
          },
        },
        scope: {
          project: { name: rc.OS_PROJECT_NAME, domain: { name: rc.OS_PROJECT_DOMAIN_NAME ?? 'Default' } },
        },
      },
    }),
  });
  const body = (await response.json()) as { token?: { user?: { id?: string }; catalog?: CatalogEntry[] } };
  const token = response.headers.get('x-subject-token');
  if (response.status !== 201 || !token || !body.token?.user?.id) {
    throw new Error(`login of ${rc.OS_USERNAME} to ${rc.OS_AUTH_URL} answered ${response.status}`);
  }
  return {
    token,
    userId: body.token.user.id,
    endpoints: publicEndpoints(body.token.catalog ?? [], rc.OS_REGION_NAME),
  };
}
