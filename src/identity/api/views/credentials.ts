import type { Credential } from '../../credentials/credentials.js';
import { entityLinks } from '../links.js';

/** A credential's attributes as Keystone shows them (and as policy checks see them). */
export function credentialAttributes(credential: Credential) {
  return {
    ...credential.extra,
    id: credential.id,
    user_id: credential.user_id,
    project_id: credential.project_id,
    type: credential.type,
    blob: credential.blob,
  };
}

export function credentialView(baseUrl: string, credential: Credential) {
  return { ...credentialAttributes(credential), links: entityLinks(baseUrl, `credentials/${credential.id}`) };
}
