import type { KeyPairRow } from '../../keypairs/keypairs-repo.js';

/** Key pair types appear from 2.2. */
export const KEYPAIR_TYPE = '2.2';

/** An index entry: name, public_key, fingerprint (and type from 2.2). */
export function keypairBrief(row: KeyPairRow, withType: boolean) {
  return {
    keypair: {
      name: row.name,
      public_key: row.public_key,
      fingerprint: row.fingerprint,
      ...(withType ? { type: row.type } : {}),
    },
  };
}

/** The answer to a create: the private key only when Nova generated the pair. */
export function keypairCreated(row: KeyPairRow, withType: boolean, privateKey?: string) {
  return {
    keypair: {
      ...(privateKey === undefined ? {} : { private_key: privateKey }),
      ...(withType ? { type: row.type } : {}),
      name: row.name,
      public_key: row.public_key,
      fingerprint: row.fingerprint,
      user_id: row.user_id,
    },
  };
}

/** `GET /os-keypairs/{name}`, with the soft-delete columns Nova still shows. */
export function keypairDetail(row: KeyPairRow, withType: boolean) {
  return {
    keypair: {
      name: row.name,
      public_key: row.public_key,
      fingerprint: row.fingerprint,
      user_id: row.user_id,
      created_at: row.created_at.replace(/Z$/, ''),
      deleted: false,
      deleted_at: null,
      id: row.id,
      updated_at: row.updated_at?.replace(/Z$/, '') ?? null,
      ...(withType ? { type: row.type } : {}),
    },
  };
}
