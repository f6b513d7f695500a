import { timingSafeEqual } from 'node:crypto';
import { instanceIdSignature } from '../../common/instance-signature.js';
import { BadRequest, Forbidden } from '../../common/http/errors.js';

/** The instance a request comes from, in the network service's metadata proxy's words. */
export interface ProxiedInstance {
  instanceId: string;
  projectId: string;
  /** The guest's address (`X-Forwarded-For`), if the proxy gave it. */
  address: string | null;
}

/** Every value of each header of a request, by lower-case name (Node would join repeated ones into one). */
function headerValues(rawHeaders: readonly string[]): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index].toLowerCase();
    values.set(name, [...(values.get(name) ?? []), rawHeaders[index + 1]]);
  }
  return values;
}

/** `X-Instance-ID-Signature`: hex HMAC-SHA256 of the instance id with the shared secret. */
function signatureMatches(secret: string, instanceId: string, signature: string): boolean {
  const expected = Buffer.from(instanceIdSignature(secret, instanceId));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The instance named by the proxy's headers (Nova's `_handle_instance_id_request`): a missing or
 * repeated header is a 400, a signature that does not match the instance id a 403, with Nova's
 * messages. Nothing else identifies the caller: the source address is the proxy's.
 */
export function proxiedInstance(rawHeaders: readonly string[], sharedSecret: string): ProxiedInstance {
  const headers = headerValues(rawHeaders);
  const instanceIds = headers.get('x-instance-id');
  const signatures = headers.get('x-instance-id-signature');
  const projectIds = headers.get('x-tenant-id');
  if (!instanceIds) throw new BadRequest('X-Instance-ID header is missing from request.');
  if (!signatures) throw new BadRequest('X-Instance-ID-Signature header is missing from request.');
  if (!projectIds) throw new BadRequest('X-Tenant-ID header is missing from request.');
  if (instanceIds.length > 1) throw new BadRequest('Multiple X-Instance-ID headers found within request.');
  if (projectIds.length > 1) throw new BadRequest('Multiple X-Tenant-ID headers found within request.');
  const [instanceId] = instanceIds;
  if (!signatureMatches(sharedSecret, instanceId, signatures[0])) {
    throw new Forbidden('Invalid proxy request signature.');
  }
  return { instanceId, projectId: projectIds[0], address: headers.get('x-forwarded-for')?.[0] ?? null };
}
