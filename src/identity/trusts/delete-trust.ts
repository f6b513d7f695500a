import type { Kysely } from 'kysely';
import type { IdentitySchema } from '../db/schema.js';
import type { Revocations } from '../tokens/revocations.js';
import { listTrusts, markTrustDeleted, type TrustRow } from './trust-store.js';

type Db = Kysely<IdentitySchema>;

/**
 * Deletes a trust and the trusts redelegated from it, and revokes their tokens, as Keystone's
 * trust manager does. Like upstream, the redelegated trusts looked for are those with the same
 * trustor (an impersonating redelegation); others stop working anyway, since a trust whose
 * chain is broken is not found.
 */
export async function deleteTrust(
  db: Db,
  revocations: Revocations,
  trust: TrustRow,
  now: Date,
): Promise<void> {
  const ids: string[] = [];
  const pending = [trust];
  while (pending.length > 0) {
    const next = pending.pop() as TrustRow;
    if (ids.includes(next.id)) continue;
    ids.push(next.id);
    pending.push(
      ...(await listTrusts(db, { trustorUserId: next.trustor_user_id, redelegatedTrustId: next.id })),
    );
  }
  const deleted = await db.transaction().execute(async (tx) => {
    const marked: string[] = [];
    for (const id of ids) if (await markTrustDeleted(tx, id, now)) marked.push(id);
    return marked;
  });
  for (const trustId of deleted) await revocations.revoke({ trustId });
}
