import { randomUUID } from 'node:crypto';
import { ApiError, BadRequest, Conflict } from '../../common/http/errors.js';
import { limited } from '../data/measured-stream.js';
import { imageTooLarge, remainingBytes } from '../quota.js';
import { setProperty, updateColumns } from '../db/images-repo.js';
import { insertTask, tasksOfImage } from '../db/tasks-repo.js';
import type { ImageDeps } from '../deps.js';
import { runImport, taskTime, type ImportSource } from '../import/run-import.js';
import { transitionRefusal, type Image } from '../model/image.js';
import { importMethods } from './discovery.js';
import { ImagePolicy, loadVisibleImage, viewerOf } from './image-access.js';
import { dataSource, octetStreamBody } from './image-data.js';
import { imageParams, noContent, objectBody } from './route-schemas.js';
import type { RouteModule } from './routes.js';
import type { FastifyRequest } from 'fastify';

type Params = { image_id: string };

interface ImportBody {
  method?: { name?: unknown; uri?: unknown };
  stores?: unknown;
  all_stores?: unknown;
  all_stores_must_succeed?: unknown;
}

/** The method of an import request, checked as Glance's deserializer does. */
function importMethodOf(deps: ImageDeps, body: ImportBody | undefined): string {
  if (body === undefined) throw new BadRequest('Body expected in request.');
  if (body.method === undefined) throw new BadRequest("Import request requires a 'method' field.");
  if (body.method === null || typeof body.method !== 'object' || body.method.name === undefined) {
    throw new BadRequest("Import request requires a 'name' field.");
  }
  const name = String(body.method.name);
  if (!importMethods(deps.config).includes(name))
    throw new BadRequest(`Unknown import method name '${name}'.`);
  if (body.all_stores_must_succeed !== undefined && typeof body.all_stores_must_succeed !== 'boolean') {
    throw new BadRequest("'all_stores_must_succeed' must be boolean value only");
  }
  if (body.all_stores !== undefined && typeof body.all_stores !== 'boolean') {
    throw new BadRequest("'all_stores' must be boolean value only");
  }
  return name;
}

/** The stores an import names (body `stores`, `all_stores`, or the X-Image-Meta-Store header). */
function checkStores(deps: ImageDeps, request: FastifyRequest, body: ImportBody): void {
  const header = request.headers['x-image-meta-store'];
  let stores: unknown[];
  if (body.all_stores === true) {
    if (body.stores !== undefined || header !== undefined) {
      throw new BadRequest(
        "All_stores parameter can't be used with x-image-meta-store header or stores parameter",
      );
    }
    stores = [deps.store.id];
  } else if (body.stores !== undefined) {
    if (header !== undefined)
      throw new BadRequest("Stores parameter and x-image-meta-store header can't be both specified");
    stores = Array.isArray(body.stores) ? body.stores : [body.stores];
  } else stores = [header ?? deps.store.id];
  for (const store of stores) {
    if (store !== deps.store.id) throw new Conflict(`Unknown scheme '${String(store)}' found in URI`);
  }
}

/** Glance's status checks before an import starts. */
function checkImportable(image: Image, method: string): void {
  if (image.status === 'active') throw new Conflict('Image with status active cannot be target for import');
  if (method === 'web-download' && image.status !== 'queued') {
    throw new Conflict("Image needs to be in 'queued' state to use 'web-download' method");
  }
  if (method === 'glance-direct' && image.status !== 'uploading') {
    throw new Conflict("Image needs to be staged before 'glance-direct' method can be used");
  }
  if (!image.container_format) throw new Conflict("'container_format' needs to be set before import");
  if (!image.disk_format) throw new Conflict("'disk_format' needs to be set before import");
}

/** `PUT /stage`, `POST /import` (glance-direct, web-download) and `GET /tasks` of an image. */
export const imageImportRoutes: RouteModule = (app, deps) => {
  app.put<{ Params: Params }>(
    '/v2/images/:image_id/stage',
    { schema: { params: imageParams, body: octetStreamBody, response: { 204: noContent } } },
    async (request, reply) => {
      const source = dataSource(request);
      const { image } = await loadVisibleImage(deps, request.context, request.params.image_id);
      new ImagePolicy(deps.policy, request.context, image).enforce('modify_image');
      if (image.status !== 'queued') throw new Conflict(transitionRefusal(image.status, 'uploading'));
      if (!(await updateColumns(deps.db, image.id, { status: 'uploading' }, 'queued'))) {
        throw new Conflict(transitionRefusal('queued', 'uploading'));
      }
      const limits = [{ bytes: deps.config.image.image_size_cap, refuse: () => imageTooLarge() }];
      try {
        const size = await deps.staging.write(image.id, limited(source, limits));
        await updateColumns(deps.db, image.id, { size, updated_at: deps.now().toISOString() }, 'uploading');
      } catch (error) {
        await deps.staging.delete(image.id);
        await updateColumns(deps.db, image.id, { status: 'queued', size: null }, 'uploading');
        throw error;
      }
      return reply.status(204).send();
    },
  );

  app.post<{ Params: Params; Body: ImportBody }>(
    '/v2/images/:image_id/import',
    { schema: { params: imageParams, body: objectBody, response: { 202: noContent } } },
    async (request, reply) => {
      const method = importMethodOf(deps, request.body);
      const project = request.context.projectId;
      if (project !== null) await remainingBytes(deps.db, deps.config.image, project);
      const { image } = await loadVisibleImage(deps, request.context, request.params.image_id);
      checkImportable(image, method);
      new ImagePolicy(deps.policy, request.context, image).enforce('modify_image');
      checkStores(deps, request, request.body);
      const source = await importSource(deps, method, request.body.method!.uri);
      const taskId = randomUUID();
      const created = taskTime(deps.now());
      await insertTask(deps.db, {
        id: taskId,
        image_id: image.id,
        type: 'api_image_import',
        status: 'pending',
        owner: project,
        user_id: request.context.userId,
        request_id: request.id,
        input: JSON.stringify({ image_id: image.id, import_req: request.body, backend: [deps.store.id] }),
        result: null,
        message: '',
        created_at: created,
        updated_at: created,
        expires_at: null,
      });
      await setProperty(deps.db, image.id, 'os_glance_import_task', taskId);
      deps.background.run(`import of image ${image.id}`, () =>
        runImport(deps, image, source, { id: taskId, project }),
      );
      return reply.status(202).send();
    },
  );

  app.get<{ Params: Params }>(
    '/v2/images/:image_id/tasks',
    {
      schema: {
        params: imageParams,
        response: { 200: { type: 'object', required: ['tasks'], additionalProperties: true } },
      },
    },
    async (request) => {
      let image: Image;
      try {
        image = (await loadVisibleImage(deps, request.context, request.params.image_id)).image;
        new ImagePolicy(deps.policy, request.context, image).enforce('get_image');
      } catch (error) {
        if (error instanceof ApiError && (error.status === 404 || error.status === 403)) {
          throw new ApiError(404, 'The resource could not be found.');
        }
        throw error;
      }
      const owner = viewerOf(deps.policy, request.context).isAdmin ? null : request.context.projectId;
      return { tasks: await tasksOfImage(deps.db, image.id, owner) };
    },
  );
};

/** Where the data comes from; a web-download URI the site's filtering refuses is a 400. */
async function importSource(deps: ImageDeps, method: string, uri: unknown): Promise<ImportSource> {
  if (method === 'glance-direct') return { method };
  const downloader = deps.webDownload;
  if (typeof uri !== 'string' || downloader === undefined || !(await downloader.allows(uri))) {
    throw new BadRequest(`URI for web-download does not pass filtering: ${String(uri)}`);
  }
  return { method: 'web-download', open: () => downloader.open(uri) };
}
