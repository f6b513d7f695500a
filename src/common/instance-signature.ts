import { createHmac } from 'node:crypto';

/**
 * `X-Instance-ID-Signature`: HMAC-SHA256 of the instance id with the secret the network and
 * compute services share (Neutron's `metadata_proxy_shared_secret`), so the metadata service
 * believes the proxy's word about which instance asks.
 */
export function instanceIdSignature(secret: string, instanceId: string): string {
  return createHmac('sha256', secret).update(instanceId).digest('hex');
}
