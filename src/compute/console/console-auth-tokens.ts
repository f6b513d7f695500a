import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ComputeSchema } from '../db/schema.js';

/** Nova's `[consoleauth] token_ttl`: how long a console URL opens the console, in seconds. */
export const CONSOLE_TOKEN_TTL_SECONDS = 600;

/** What a console token opens: the guest's console and how it was handed out. */
export interface ConsoleConnection {
  instanceUuid: string;
  /** `novnc` for the noVNC proxy. */
  consoleType: string;
  /** Where the guest's console server listens, as the compute agent said. */
  host: string;
  port: number;
  /** The proxy URL the token was given under (without the token); its scheme is the one browsers must use. */
  accessUrlBase: string;
}

/** A connection a valid token opens, with when it stops opening it. */
export interface AuthorizedConnection extends ConsoleConnection {
  expiresAt: Date;
}

/**
 * Console authorizations (Nova's `ConsoleAuthToken`): a random token handed to the user once,
 * stored only as its SHA-256 hash. A token opens its console as often as wanted until it
 * expires, as in Nova, and never once its server is deleted (Nova's proxy asks the compute
 * host, which no longer knows the server).
 */
export class ConsoleAuthTokens {
  constructor(
    private readonly db: Kysely<ComputeSchema>,
    private readonly now: () => Date,
  ) {}

  /**
   * Stores a new authorization for `connection`, valid `ttlSeconds`, and returns its token.
   * Expired authorizations go at the same time (Nova has a periodic task for it), so the table
   * holds only the tokens still alive.
   */
  async authorize(connection: ConsoleConnection, ttlSeconds: number): Promise<string> {
    const token = randomUUID();
    const now = this.now();
    await this.deleteExpired();
    await this.db
      .insertInto('console_auth_tokens')
      .values({
        token_hash: hashOf(token),
        console_type: connection.consoleType,
        host: connection.host,
        port: connection.port,
        instance_uuid: connection.instanceUuid,
        access_url_base: connection.accessUrlBase,
        expires_at: new Date(now.getTime() + ttlSeconds * 1000).toISOString(),
        created_at: now.toISOString(),
      })
      .execute();
    return token;
  }

  /** The connection `token` opens, or undefined when it is unknown, expired or its server is gone. */
  async validate(token: string): Promise<AuthorizedConnection | undefined> {
    const row = await this.db
      .selectFrom('console_auth_tokens as t')
      .innerJoin('instances as i', 'i.uuid', 't.instance_uuid')
      .select(['t.instance_uuid', 't.console_type', 't.host', 't.port', 't.access_url_base', 't.expires_at'])
      .where('t.token_hash', '=', hashOf(token))
      .where('t.expires_at', '>', this.now().toISOString())
      .where('i.deleted', '=', 0)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      instanceUuid: row.instance_uuid,
      consoleType: row.console_type,
      host: row.host,
      port: row.port,
      accessUrlBase: row.access_url_base,
      expiresAt: new Date(row.expires_at),
    };
  }

  /** Removes every authorization of the instance (Nova's `clean_console_auths_for_instance`). */
  async deleteForInstance(instanceUuid: string): Promise<void> {
    await this.db.deleteFrom('console_auth_tokens').where('instance_uuid', '=', instanceUuid).execute();
  }

  /** Removes the expired authorizations (Nova's `clean_expired_console_auths`). */
  async deleteExpired(): Promise<void> {
    await this.db
      .deleteFrom('console_auth_tokens')
      .where('expires_at', '<=', this.now().toISOString())
      .execute();
  }
}

/** Nova's `get_sha256_str`: the hex SHA-256 of the token, the only form of it stored. */
function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
