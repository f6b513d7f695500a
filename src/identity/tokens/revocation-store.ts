import type { Kysely, Selectable } from 'kysely';
import type { Logger } from '../../common/logging.js';
import type { IdentitySchema, RevocationEventTable } from '../db/schema.js';
import { isoTime } from '../ids.js';
import { RevocationIndex, type RevocationEvent, type TokenFacts } from './revocation-index.js';
import type { RevocationFilter, Revocations } from './revocations.js';
import type { TokenPayload } from './types.js';

export interface RevocationStoreOptions {
  now: () => Date;
  /**
   * How long an event is kept after its issued_before: the longest token lifetime
   * (identity.token_expiration) plus a margin. Older events can only match expired tokens.
   */
  retentionSeconds: number;
  /**
   * How often, at most, isRevoked looks in the table for events other processes wrote (one
   * small aggregate query; the events are read again only when it changed). 0 turns it off,
   * leaving refresh() to the caller. Default 1.
   */
  refreshIntervalSeconds?: number;
  /** Called after the set of events changed (a revoke here, or a reload that found others'). */
  onChange?: () => void;
  logger?: Pick<Logger, 'warn'>;
}

/**
 * Revocation events in the `revocation_event` table, with a copy in memory arranged for the
 * check every validation makes. Times are kept with millisecond precision throughout, so a
 * token issued in the same second as an event but after it (a login right after a password
 * change) stays valid, unlike in Keystone, which compares whole seconds.
 */
export class RevocationStore implements Revocations {
  private index = new RevocationIndex();
  /** count, max and sum of the ids loaded: differs from the table's once anyone adds or prunes. */
  private loaded: string | undefined;
  private checkedAt: number;
  private checking = false;
  /** revoke() and reloads run one at a time, so a reload never drops an event just added. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly refreshIntervalMs: number;

  constructor(
    private readonly db: Kysely<IdentitySchema>,
    private readonly options: RevocationStoreOptions,
  ) {
    this.refreshIntervalMs = (options.refreshIntervalSeconds ?? 1) * 1000;
    this.checkedAt = options.now().getTime();
  }

  revoke(filter: RevocationFilter): Promise<void> {
    return this.serialized(async () => {
      const fields = {
        userId: filter.userId ?? null,
        projectId: filter.projectId ?? null,
        domainId: filter.domainId ?? null,
        roleId: filter.roleId ?? null,
        auditId: filter.auditId ?? null,
        auditChainId: filter.auditChainId ?? null,
        trustId: filter.trustId ?? null,
      };
      if (Object.values(fields).every((value) => value === null)) {
        throw new Error('a revocation event needs at least one field to match');
      }
      const now = this.options.now();
      const { id } = await this.db
        .insertInto('revocation_event')
        .values({
          user_id: fields.userId,
          project_id: fields.projectId,
          domain_id: fields.domainId,
          role_id: fields.roleId,
          audit_id: fields.auditId,
          audit_chain_id: fields.auditChainId,
          trust_id: fields.trustId,
          issued_before: isoTime(now),
          revoked_at: isoTime(now),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      this.index.add({ id: Number(id), ...fields, issuedBefore: now, revokedAt: now });
      this.options.onChange?.();
    });
  }

  isRevoked(payload: TokenPayload, context: TokenFacts): boolean {
    this.checkForOthersEvents();
    return this.index.matches(payload, context);
  }

  /** Deletes the events past retention and reads the rest again. */
  refresh(): Promise<void> {
    return this.serialized(() => this.reload());
  }

  /** The events kept, oldest first, optionally only those revoked after `since` (for OS-REVOKE/events). */
  async list(since?: Date): Promise<RevocationEvent[]> {
    let query = this.db.selectFrom('revocation_event').selectAll().orderBy('id');
    if (since) query = query.where('revoked_at', '>', isoTime(since));
    return (await query.execute()).map(toEvent);
  }

  /** Reloads when the table no longer holds what was loaded; true when it did reload. */
  refreshIfChanged(): Promise<boolean> {
    return this.serialized(async () => {
      const row = await this.db
        .selectFrom('revocation_event')
        .select((eb) => [eb.fn.count('id').as('count'), eb.fn.max('id').as('max'), eb.fn.sum('id').as('sum')])
        .executeTakeFirstOrThrow();
      if (signature([row.count, row.max, row.sum]) === this.loaded) return false;
      await this.reload();
      return true;
    });
  }

  private async reload(): Promise<void> {
    const cutoff = new Date(this.options.now().getTime() - this.options.retentionSeconds * 1000);
    await this.db.deleteFrom('revocation_event').where('issued_before', '<', isoTime(cutoff)).execute();
    const rows = await this.db.selectFrom('revocation_event').selectAll().execute();
    const ids = rows.map((row) => Number(row.id));
    const loaded = signature([
      ids.length,
      ids.reduce((max, id) => Math.max(max, id), 0),
      ids.reduce((sum, id) => sum + id, 0),
    ]);
    this.index = new RevocationIndex(rows.map(toEvent));
    if (this.loaded !== undefined && loaded !== this.loaded) this.options.onChange?.();
    this.loaded = loaded;
  }

  /**
   * Starts, without waiting, a look for events written by other processes when the last one is
   * older than the refresh interval. This validation uses what is loaded; later ones see the news.
   */
  private checkForOthersEvents(): void {
    if (this.refreshIntervalMs <= 0 || this.checking) return;
    const now = this.options.now().getTime();
    if (now - this.checkedAt < this.refreshIntervalMs) return;
    this.checkedAt = now;
    this.checking = true;
    this.refreshIfChanged()
      .catch((error: unknown) =>
        this.options.logger?.warn({ err: error }, 'reloading revocation events failed'),
      )
      .finally(() => {
        this.checking = false;
      });
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

/** A revocation store with the events loaded (and those past retention deleted). */
export async function createRevocationStore(
  db: Kysely<IdentitySchema>,
  options: RevocationStoreOptions,
): Promise<RevocationStore> {
  const store = new RevocationStore(db, options);
  await store.refresh();
  return store;
}

/** count:max:sum, as numbers whichever engine answered (PostgreSQL gives bigints as strings). */
function signature(values: unknown[]): string {
  return values.map((value) => Number(value ?? 0)).join(':');
}

function toEvent(row: Selectable<RevocationEventTable>): RevocationEvent {
  return {
    id: Number(row.id),
    userId: row.user_id,
    projectId: row.project_id,
    domainId: row.domain_id,
    roleId: row.role_id,
    auditId: row.audit_id,
    auditChainId: row.audit_chain_id,
    trustId: row.trust_id,
    issuedBefore: new Date(row.issued_before),
    revokedAt: new Date(row.revoked_at),
  };
}
