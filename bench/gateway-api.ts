// The REST APIs of a bench cloud through its gateway as one user's token sees them: JSON requests
// that fail on any answer the bench did not expect, and the lookups every guest boot makes.
import { readFileSync } from 'node:fs';

export type Json = Record<string, unknown>;

/** Something that sends one request to a path of the gateway; `missing` is returned for a 404. */
export interface GatewayApi {
  send(method: string, path: string, body?: unknown, missing?: Json): Promise<Json>;
}

/** One request to a path of the gateway, with `token` and the microversions of `apiVersion`. */
export async function gatewayRequest(
  gateway: { base: string; token: string; apiVersion: string },
  method: string,
  path: string,
  body?: unknown,
  missing?: Json,
): Promise<Json> {
  const response = await fetch(`${gateway.base}${path}`, {
    method,
    headers: {
      'x-auth-token': gateway.token,
      'openstack-api-version': gateway.apiVersion,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status === 404 && missing) return missing;
  if (response.status >= 300) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
  return text ? (JSON.parse(text) as Json) : {};
}

/** The one resource named `name` in the list at `path` (under `key`); anything else is an error. */
export async function one(api: GatewayApi, path: string, key: string, name: string): Promise<Json> {
  const found = (await api.send('GET', `${path}?name=${encodeURIComponent(name)}`))[key] as Json[];
  if (found.length !== 1) throw new Error(`${found.length} ${key} named ${name}`);
  return found[0];
}

/** Key pair `bench` of `keyFile`'s public key, SSH let in through the default security group; answers the key. */
export async function allowSsh(api: GatewayApi, keyFile: string): Promise<string> {
  const publicKey = readFileSync(`${keyFile}.pub`, 'utf8').trim();
  await api.send('POST', '/compute/v2.1/os-keypairs', { keypair: { name: 'bench', public_key: publicKey } });
  const group = await one(api, '/network/v2.0/security-groups', 'security_groups', 'default');
  await api.send('POST', '/network/v2.0/security-group-rules', {
    security_group_rule: {
      security_group_id: group.id,
      direction: 'ingress',
      ethertype: 'IPv4',
      protocol: 'tcp',
      port_range_min: 22,
      port_range_max: 22,
    },
  });
  return publicKey;
}

/** The flavor of this name. */
export async function flavorNamed(api: GatewayApi, name: string): Promise<Json> {
  const { flavors } = await api.send('GET', '/compute/v2.1/flavors/detail');
  const flavor = (flavors as Json[]).find((candidate) => candidate.name === name);
  if (!flavor) throw new Error(`no flavor ${name}`);
  return flavor;
}
