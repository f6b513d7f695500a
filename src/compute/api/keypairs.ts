import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest } from '../../common/http/errors.js';
import { parsePageRequest } from '../../common/http/pagination.js';
import type { ComputeDeps } from '../deps.js';
import { createKeyPair, deleteKeyPair, getKeyPair, listKeyPairs } from '../keypairs/keypairs-repo.js';
import { generateSshKeyPair, sshFingerprint, type GeneratedKeyPair } from '../keypairs/ssh-keys.js';
import { generateX509KeyPair, x509Fingerprint } from '../keypairs/x509-keys.js';
import { authorize } from '../policies.js';
import { computeQuotas } from '../quotas/compute-quotas.js';
import {
  createKeypairBody,
  keypairCreateResponse,
  keypairListResponse,
  keypairNameParams,
  keypairQuery,
  keypairShowResponse,
} from './schemas/keypairs.js';
import { checkName, lastOf, refuseUnknownQuery } from './schemas/parameter-types.js';
import { collectionLinks } from './views/links.js';
import { KEYPAIR_TYPE, keypairBrief, keypairCreated, keypairDetail } from './views/keypairs.js';

interface CreateBody {
  keypair: { name: string; type?: 'ssh' | 'x509'; public_key?: string; user_id?: string };
}
type Query = { user_id?: string[]; limit?: number[]; marker?: string[] } & Record<string, unknown>;

const POLICY = 'os_compute_api:os-keypairs';
const LETTERS_AND_DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The characters a key pair name may have: 2.92 adds `@` and `.`. */
function checkKeypairName(name: string, request: FastifyRequest): void {
  checkName(name);
  const allowed = (request.microversion.atLeast('2.92') ? '@._- ' : '_- ') + LETTERS_AND_DIGITS;
  if ([...name].some((char) => !allowed.includes(char))) {
    throw new BadRequest(
      `An invalid 'name' value was provided. The name must be: Only expected characters: [${allowed}]`,
    );
  }
}

/** From 2.10 an admin may name another user (`?user_id=`, the first one given, as Nova reads it). */
function targetUser(request: FastifyRequest): string {
  const query = request.query as Query;
  const asked = request.microversion.atLeast('2.10') ? query.user_id?.[0] : undefined;
  return asked ?? request.context.userId;
}

/** The query parameters each microversion knows; unknown ones are refused from 2.75. */
function checkQuery(request: FastifyRequest, paged: boolean): void {
  if (!request.microversion.atLeast('2.75')) return;
  refuseUnknownQuery(request.query as Query, paged ? ['user_id', 'limit', 'marker'] : ['user_id']);
}

/** Refuses body fields the request's microversion does not have, as its schema would. */
function checkCreateFields(request: FastifyRequest, body: CreateBody['keypair']): void {
  const version = request.microversion;
  const extra = [
    ...(version.below(KEYPAIR_TYPE) && 'type' in body ? ['type'] : []),
    ...(version.below('2.10') && 'user_id' in body ? ['user_id'] : []),
  ];
  if (extra.length > 0) {
    const listed = extra.map((key) => `'${key}'`).join(', ');
    throw new BadRequest(
      `Invalid input for field/attribute keypair. Value: ${JSON.stringify(body)}. Additional properties are not allowed (${listed} ${extra.length === 1 ? 'was' : 'were'} unexpected)`,
    );
  }
  if (version.atLeast('2.92') && body.public_key === undefined) {
    throw new BadRequest(
      'Invalid input for field/attribute keypair. Value: ' +
        JSON.stringify(body) +
        ". 'public_key' is a required property",
    );
  }
}

/** Key pairs (os-keypairs): each user's own; admins may act for another user from 2.10. */
export function keypairRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  const quotas = computeQuotas(deps);

  app.get(
    '/os-keypairs',
    { schema: { querystring: keypairQuery, response: { 200: keypairListResponse } } },
    async (request) => {
      checkQuery(request, request.microversion.atLeast('2.35'));
      const userId = targetUser(request);
      authorize(deps.policy, `${POLICY}:index`, { user_id: userId }, request.context);
      const withType = request.microversion.atLeast(KEYPAIR_TYPE);
      if (request.microversion.below('2.35')) {
        const rows = await listKeyPairs(deps.db, userId, {});
        return { keypairs: rows.map((row) => keypairBrief(row, withType)) };
      }
      const query = request.query as Query;
      const page = parsePageRequest(
        { limit: lastOf(query.limit), marker: lastOf(query.marker) },
        { maxLimit: deps.settings.maxLimit },
      );
      const rows = await listKeyPairs(deps.db, userId, page);
      const links = collectionLinks(
        deps.baseUrl,
        'os-keypairs',
        request.url,
        rows.length,
        page.limit,
        rows.at(-1)?.name,
      );
      return {
        keypairs: rows.map((row) => keypairBrief(row, withType)),
        ...(links.length > 0 ? { keypairs_links: links } : {}),
      };
    },
  );

  app.post<{ Body: CreateBody }>(
    '/os-keypairs',
    {
      schema: {
        body: createKeypairBody,
        response: { 200: keypairCreateResponse, 201: keypairCreateResponse },
      },
    },
    async (request, reply) => {
      const body = request.body.keypair;
      checkCreateFields(request, body);
      checkKeypairName(body.name, request);
      const userId = body.user_id ?? request.context.userId;
      authorize(deps.policy, `${POLICY}:create`, { user_id: userId }, request.context);
      const type = body.type ?? 'ssh';
      let generated: GeneratedKeyPair | undefined;
      let publicKey = body.public_key;
      let fingerprint: string;
      if (publicKey !== undefined) {
        fingerprint = type === 'ssh' ? sshFingerprint(publicKey) : x509Fingerprint(publicKey);
      } else {
        generated = type === 'ssh' ? await generateSshKeyPair() : await generateX509KeyPair(userId);
        publicKey = generated.publicKey;
        fingerprint = generated.fingerprint;
      }
      // The user's key_pairs limit within the caller's project, as Nova's check_deltas resolves it.
      const limits = await quotas.userQuotas(request.context.projectId ?? '', userId);
      const row = await createKeyPair(
        deps.db,
        { name: body.name.trim(), user_id: userId, type, public_key: publicKey, fingerprint },
        limits.key_pairs,
        deps.now(),
      );
      const withType = request.microversion.atLeast(KEYPAIR_TYPE);
      reply.status(withType ? 201 : 200);
      return keypairCreated(row, withType, generated?.privateKey);
    },
  );

  app.get<{ Params: { name: string } }>(
    '/os-keypairs/:name',
    {
      schema: {
        params: keypairNameParams,
        querystring: keypairQuery,
        response: { 200: keypairShowResponse },
      },
    },
    async (request) => {
      checkQuery(request, false);
      const userId = targetUser(request);
      authorize(deps.policy, `${POLICY}:show`, { user_id: userId }, request.context);
      const row = await getKeyPair(deps.db, userId, request.params.name);
      return keypairDetail(row, request.microversion.atLeast(KEYPAIR_TYPE));
    },
  );

  app.delete<{ Params: { name: string } }>(
    '/os-keypairs/:name',
    {
      schema: {
        params: keypairNameParams,
        querystring: keypairQuery,
        response: { 202: { type: 'null' }, 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      checkQuery(request, false);
      const userId = targetUser(request);
      authorize(deps.policy, `${POLICY}:delete`, { user_id: userId }, request.context);
      await deleteKeyPair(deps.db, userId, request.params.name);
      return reply.status(request.microversion.atLeast(KEYPAIR_TYPE) ? 204 : 202).send();
    },
  );
}
