import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { NotFound } from '../../common/http/errors.js';
import { parseJsonObject } from '../catalog/extras.js';
import type { IdentitySchema } from '../db/schema.js';
import {
  createCredential,
  ec2CredentialId,
  findCredential,
  listCredentials,
  type Credential,
} from './credentials.js';

type Db = Kysely<IdentitySchema>;

/**
 * An EC2 key pair, as OS-EC2 shows it and S3/EC2 request signing needs it. It is an ordinary
 * credential of type `ec2` (Keystone keeps both APIs on one table), so `/v3/credentials` sees
 * the same rows.
 */
export interface Ec2Credential {
  /** The credential id: sha256 of the access key. */
  id: string;
  userId: string;
  /** The project its tokens are scoped to (`tenant_id` on the wire). */
  projectId: string | null;
  access: string;
  secret: string;
  trustId: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export function toEc2Credential(credential: Credential): Ec2Credential {
  const blob = parseJsonObject(credential.blob);
  return {
    id: credential.id,
    userId: credential.user_id,
    projectId: credential.project_id,
    access: text(blob.access) ?? '',
    secret: text(blob.secret) ?? '',
    trustId: text(blob.trust_id),
  };
}

/** The EC2 credential stored under this access key (found by its hash), if any. */
export async function findEc2Credential(db: Db, access: string): Promise<Ec2Credential | undefined> {
  const credential = await findCredential(db, ec2CredentialId(access));
  if (!credential || credential.type !== 'ec2') return undefined;
  const ec2 = toEc2Credential(credential);
  // A blob edited through /v3/credentials may carry another key than the one its id was made from.
  return ec2.access === access ? ec2 : undefined;
}

export async function listEc2Credentials(db: Db, userId: string): Promise<Ec2Credential[]> {
  return (await listCredentials(db, { userId, type: 'ec2' })).map(toEc2Credential);
}

/** A new key pair for the user on a project: access and secret are 32 random hex digits each. */
export async function createEc2Credential(
  db: Db,
  owner: { userId: string; projectId: string },
): Promise<Ec2Credential> {
  const hex = () => randomUUID().replaceAll('-', '');
  const blob = { access: hex(), secret: hex(), trust_id: null };
  const credential = await createCredential(db, {
    user_id: owner.userId,
    project_id: owner.projectId,
    type: 'ec2',
    blob: JSON.stringify(blob),
  });
  return toEc2Credential(credential);
}

/** OS-EC2 answers 404 for an unknown user in the path, as Keystone's get_user does. */
export async function requireUser(db: Db, userId: string): Promise<void> {
  const user = await db.selectFrom('user').select('id').where('id', '=', userId).executeTakeFirst();
  if (!user) throw new NotFound(`Could not find user: ${userId}.`);
}

/** The project a new EC2 credential is for must exist. */
export async function requireProject(db: Db, projectId: string): Promise<void> {
  const project = await db.selectFrom('project').select('id').where('id', '=', projectId).executeTakeFirst();
  if (!project) throw new NotFound(`Could not find project: ${projectId}.`);
}
