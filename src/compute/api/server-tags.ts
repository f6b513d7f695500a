import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest, NotFound } from '../../common/http/errors.js';
import { requireMicroversion } from '../../common/http/microversion.js';
import type { ComputeDeps } from '../deps.js';
import { InstanceInvalidState } from '../instances/actions.js';
import type { InstanceRow } from '../instances/instance-repo.js';
import { loadServerForCaller } from '../instances/lookup.js';
import { VmState } from '../instances/states.js';
import { authorize } from '../policies.js';
import { MAX_TAG_COUNT, MAX_TAG_LENGTH, objectBody } from './schemas/servers.js';
import { tagParams, tagsBody, tagsParams, tagsResponse } from './schemas/servers-tags.js';
import { pythonRepr, validateBody } from './schemas/servers-validation.js';
import { resourceLinks } from './views/links.js';

type ServerRequest = FastifyRequest<{ Params: { id: string } }>;
type TagRequest = FastifyRequest<{ Params: { id: string; tag: string } }>;

const POLICY = (action: string) => `os_compute_api:os-server-tags:${action}`;
/** The vm_states a server's tags may change in (`_check_instance_in_valid_state`). */
const TAGGABLE: readonly string[] = [VmState.ACTIVE, VmState.PAUSED, VmState.SUSPENDED, VmState.STOPPED];

/** Why a tag in a URL is not one (jsonschema's message for `parameter_types.tag`), or null. */
function tagProblem(tag: string): string | null {
  if (tag.length < 1) return `${pythonRepr(tag)} is too short`;
  if ([...tag].length > MAX_TAG_LENGTH) return `${pythonRepr(tag)} is too long`;
  if (/[,/]/.test(tag)) return `${pythonRepr(tag)} does not match '^[^,/]*$'`;
  return null;
}

/** `/servers/{id}/tags` (2.26): simple string tags on a server, 50 at most. */
export function serverTagRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  const load = async (request: ServerRequest, action: string) => {
    requireMicroversion(request, '2.26');
    const row = await loadServerForCaller(deps, request, request.params.id);
    authorize(deps.policy, POLICY(action), { project_id: row.project_id }, request.context);
    return row;
  };
  const checkState = (row: InstanceRow, action: string) => {
    if (!TAGGABLE.includes(row.vm_state))
      throw new InstanceInvalidState(row.uuid, action, 'vm_state', row.vm_state);
  };
  const tagsOf = async (uuid: string) =>
    (
      await deps.db
        .selectFrom('instance_tags')
        .select('tag')
        .where('instance_uuid', '=', uuid)
        .orderBy('tag')
        .execute()
    ).map((row) => row.tag);

  app.get(
    '/servers/:id/tags',
    { schema: { params: tagsParams, response: { 200: tagsResponse } } },
    async (request: ServerRequest) => {
      const row = await load(request, 'index');
      return { tags: await tagsOf(row.uuid) };
    },
  );

  app.put(
    '/servers/:id/tags',
    { schema: { params: tagsParams, body: objectBody, response: { 200: tagsResponse } } },
    async (request: ServerRequest) => {
      const body = validateBody<{ tags: string[] }>(tagsBody, request.body);
      const row = await load(request, 'update_all');
      checkState(row, 'update tags');
      const tags = [...new Set(body.tags)];
      await deps.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('instance_tags').where('instance_uuid', '=', row.uuid).execute();
        if (tags.length > 0) {
          await trx
            .insertInto('instance_tags')
            .values(tags.map((tag) => ({ instance_uuid: row.uuid, tag })))
            .execute();
        }
      });
      return { tags: await tagsOf(row.uuid) };
    },
  );

  app.delete(
    '/servers/:id/tags',
    { schema: { params: tagsParams, response: { 204: { type: 'null' } } } },
    async (request: ServerRequest, reply) => {
      const row = await load(request, 'delete_all');
      checkState(row, 'delete tags');
      await deps.db.deleteFrom('instance_tags').where('instance_uuid', '=', row.uuid).execute();
      return reply.status(204).send();
    },
  );

  app.get(
    '/servers/:id/tags/:tag',
    { schema: { params: tagParams, response: { 204: { type: 'null' } } } },
    async (request: TagRequest, reply) => {
      const row = await load(request, 'show');
      if (!(await tagsOf(row.uuid)).includes(request.params.tag)) {
        throw new NotFound(`Server ${request.params.id} has no tag '${request.params.tag}'`);
      }
      return reply.status(204).send();
    },
  );

  app.put(
    '/servers/:id/tags/:tag',
    {
      config: { noBody: true },
      schema: { params: tagParams, response: { 201: { type: 'null' }, 204: { type: 'null' } } },
    },
    async (request: TagRequest, reply) => {
      // The body must be empty (Nova's schema is `null`).
      if (request.body !== undefined && request.body !== null) validateBody({ type: 'null' }, request.body);
      const row = await load(request, 'update');
      checkState(row, 'update tag');
      const { tag } = request.params;
      const problem = tagProblem(tag);
      if (problem) {
        throw new BadRequest(
          `Tag '${tag}' is invalid. It must be a non empty string without characters '/' and ','. Validation error message: ${problem}`,
        );
      }
      const tags = await tagsOf(row.uuid);
      if (tags.length >= MAX_TAG_COUNT) {
        throw new BadRequest(`The number of tags exceeded the per-server limit ${MAX_TAG_COUNT}`);
      }
      if (tags.includes(tag)) return reply.status(204).send();
      await deps.db.insertInto('instance_tags').values({ instance_uuid: row.uuid, tag }).execute();
      const location = `${resourceLinks(deps.baseUrl, 'servers', row.uuid)[0].href}/tags/${encodeURIComponent(tag)}`;
      return reply.status(201).header('location', location).send();
    },
  );

  app.delete(
    '/servers/:id/tags/:tag',
    { schema: { params: tagParams, response: { 204: { type: 'null' } } } },
    async (request: TagRequest, reply) => {
      const row = await load(request, 'delete');
      checkState(row, 'delete tag');
      const deleted = await deps.db
        .deleteFrom('instance_tags')
        .where('instance_uuid', '=', row.uuid)
        .where('tag', '=', request.params.tag)
        .executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) {
        throw new NotFound(`Instance ${row.uuid} has no tag '${request.params.tag}'`);
      }
      return reply.status(204).send();
    },
  );
}
