/**
 * Optional features Tempest tests only when tempest.conf says the cloud has them: asked of the
 * cloud itself, so that one tempest.conf fits Stratus and upstream alike.
 */
import type { Login } from './catalog.js';
import type { OpenRc } from './openrc.js';

const withoutSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * Access rules (identity API 3.13) are optional in practice. A cloud supports them when it
 * accepts an application credential restricted by one: create one for the admin (then delete
 * it) and see.
 */
export async function probeAccessRules(admin: OpenRc, login: Login): Promise<boolean> {
  const credentials = `${withoutSlash(admin.OS_AUTH_URL)}/users/${login.userId}/application_credentials`;
  const headers = { 'X-Auth-Token': login.token, 'Content-Type': 'application/json' };
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
    headers: { 'X-Auth-Token': login.token },
  });
  await deleted.arrayBuffer();
  return true;
}

/**
 * The image import methods the cloud offers (GET /v2/info/import); none when that request
 * fails, so Tempest skips its import tests (the other image tests show what is wrong).
 */
export async function probeImportMethods(imageUrl: string, login: Login): Promise<string[]> {
  try {
    const response = await fetch(`${imageUrl}/v2/info/import`, {
      headers: { 'X-Auth-Token': login.token, Accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as { 'import-methods'?: { value?: unknown } };
    const methods = body['import-methods']?.value;
    return response.status === 200 && Array.isArray(methods) ? methods.map(String) : [];
  } catch {
    return [];
  }
}

/**
 * Tempest's metadef tests take the first resource type the cloud lists, as on a deployment
 * that has loaded Glance's metadefs catalogue (`glance-manage db_load_metadefs`, which DevStack
 * runs). Stratus ships no catalogue, so declare the resource types the way an operator would:
 * a namespace associated with them, deleted again (resource types outlive their associations).
 */
export async function declareMetadefResourceTypes(imageUrl: string, login: Login): Promise<void> {
  const namespaces = `${withoutSlash(imageUrl)}/v2/metadefs/namespaces`;
  const namespace = `conformance-resource-types-${Date.now()}`;
  const headers = { 'X-Auth-Token': login.token, 'Content-Type': 'application/json' };
  const created = await fetch(namespaces, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      namespace,
      resource_type_associations: [{ name: 'OS::Glance::Image' }, { name: 'OS::Nova::Flavor' }],
    }),
  });
  await created.arrayBuffer();
  if (created.status !== 201) throw new Error(`declaring metadef resource types answered ${created.status}`);
  const deleted = await fetch(`${namespaces}/${namespace}`, { method: 'DELETE', headers });
  await deleted.arrayBuffer();
}
