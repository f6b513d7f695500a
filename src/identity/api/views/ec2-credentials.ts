import type { Ec2Credential } from '../../credentials/ec2.js';
import { entityLinks } from '../links.js';

/** An EC2 credential as OS-EC2 shows it: the project is `tenant_id`, the link names the access key. */
export function ec2CredentialView(baseUrl: string, credential: Ec2Credential) {
  return {
    user_id: credential.userId,
    tenant_id: credential.projectId,
    access: credential.access,
    secret: credential.secret,
    trust_id: credential.trustId,
    links: entityLinks(baseUrl, `users/${credential.userId}/credentials/OS-EC2/${credential.access}`),
  };
}
