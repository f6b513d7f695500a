import type { PolicyBlob } from '../../policy-blobs/policy-blobs.js';
import { entityLinks } from '../links.js';

/** A policy blob as Keystone shows it: extras first, then its attributes and links. */
export function policyView(baseUrl: string, policy: PolicyBlob) {
  return {
    ...policy.extra,
    id: policy.id,
    blob: policy.blob,
    type: policy.type,
    links: entityLinks(baseUrl, `policies/${policy.id}`),
  };
}
