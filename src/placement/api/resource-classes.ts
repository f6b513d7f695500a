import {
  createResourceClass,
  deleteResourceClass,
  findResourceClass,
  getResourceClass,
  listResourceClasses,
  renameResourceClass,
  ResourceClassExists,
  type ResourceClass,
} from '../resource-classes.js';
import { conflict, notFound } from '../errors.js';
import {
  anyJsonObject,
  authorize,
  cacheHeaders,
  lastModifiedOf,
  noContent,
  requireJsonContent,
} from './http.js';
import type { RouteModule } from './routes.js';
import { CUSTOM_RC_PATTERN, link } from './schemas/common.js';
import { validateBody } from './validation.js';
import { absoluteUrl, mountPath } from './views/links.js';

const nameBody = {
  type: 'object',
  properties: { name: { type: 'string', pattern: CUSTOM_RC_PATTERN, maxLength: 255 } },
  required: ['name'],
  additionalProperties: false,
};
const classParams = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } as const;
const classResponse = {
  type: 'object',
  properties: { name: { type: 'string' }, links: { type: 'array', items: link } },
  required: ['name', 'links'],
  additionalProperties: true,
} as const;
const classListResponse = {
  type: 'object',
  properties: { resource_classes: { type: 'array', items: classResponse } },
  required: ['resource_classes'],
  additionalProperties: true,
} as const;

/** `/resource_classes` (1.2+): the standard classes and `CUSTOM_*` ones. */
export const resourceClassRoutes: RouteModule = (app, deps) => {
  const mount = mountPath(deps);
  const now = () => deps.now().toISOString();
  const view = (rc: ResourceClass) => ({
    name: rc.name,
    links: [{ rel: 'self', href: `${mount}/resource_classes/${rc.name}` }],
  });
  const since12 = (version: { atLeast(v: string): boolean }) => {
    if (!version.atLeast('1.2')) throw notFound('The resource could not be found.');
  };

  app.get(
    '/resource_classes',
    { schema: { response: { 200: classListResponse } } },
    async (request, reply) => {
      since12(request.microversion);
      authorize(deps, request, 'placement:resource_classes:list');
      const classes = await listResourceClasses(deps.db);
      cacheHeaders(request, reply, lastModifiedOf(classes));
      return { resource_classes: classes.map(view) };
    },
  );

  app.post<{ Body: { name: string } }>(
    '/resource_classes',
    {
      preValidation: requireJsonContent,
      schema: { body: anyJsonObject, response: { 201: { type: 'null' } } },
    },
    async (request, reply) => {
      since12(request.microversion);
      authorize(deps, request, 'placement:resource_classes:create');
      const { name } = validateBody<{ name: string }>(nameBody, request.body);
      await createResourceClass(deps.db, name, now()).catch((error) => {
        if (error instanceof ResourceClassExists)
          throw conflict(`Conflicting resource class already exists: ${name}`);
        throw error;
      });
      reply.header('location', absoluteUrl(deps, `/resource_classes/${name}`));
      return reply.status(201).send();
    },
  );

  app.get<{ Params: { name: string } }>(
    '/resource_classes/:name',
    { schema: { params: classParams, response: { 200: classResponse } } },
    async (request, reply) => {
      since12(request.microversion);
      authorize(deps, request, 'placement:resource_classes:show');
      const rc = await getResourceClass(deps.db, request.params.name);
      cacheHeaders(request, reply, lastModifiedOf([rc]));
      return view(rc);
    },
  );

  // Before 1.7 PUT renames a custom class; from 1.7 it creates one if missing (bodiless).
  app.put<{ Params: { name: string }; Body: { name: string } | undefined }>(
    '/resource_classes/:name',
    {
      config: { noBody: true },
      schema: {
        params: classParams,
        response: { 200: classResponse, 201: { type: 'null' }, 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      since12(request.microversion);
      const { name } = request.params;
      if (!request.microversion.atLeast('1.7')) {
        await requireJsonContent(request);
        authorize(deps, request, 'placement:resource_classes:update');
        const body = validateBody<{ name: string }>(nameBody, request.body);
        return view(await renameResourceClass(deps.db, name, body.name, now()));
      }
      authorize(deps, request, 'placement:resource_classes:update');
      validateBody(nameBody, { name });
      let created = false;
      if (!(await findResourceClass(deps.db, name))) {
        created = await createResourceClass(deps.db, name, now()).then(
          () => true,
          (error) => {
            if (error instanceof ResourceClassExists) return false;
            throw error;
          },
        );
      }
      reply.header('location', absoluteUrl(deps, `/resource_classes/${name}`));
      return reply.status(created ? 201 : 204).send();
    },
  );

  app.delete<{ Params: { name: string } }>(
    '/resource_classes/:name',
    { schema: { params: classParams, response: noContent } },
    async (request, reply) => {
      since12(request.microversion);
      authorize(deps, request, 'placement:resource_classes:delete');
      await deleteResourceClass(deps.db, request.params.name);
      return reply.status(204).send();
    },
  );
};
