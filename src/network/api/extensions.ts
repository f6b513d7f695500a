import type { FastifyInstance } from 'fastify';
import { notFound } from '../errors.js';
import { EXTENSIONS, type NeutronExtension } from './extension-list.js';

const EXTENSION_SCHEMA = {
  type: 'object',
  properties: {
    alias: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    updated: { type: 'string' },
    links: { type: 'array', maxItems: 0 },
  },
  required: ['alias', 'name', 'description', 'updated', 'links'],
  additionalProperties: false,
} as const;
const ALIAS_PARAMS = {
  type: 'object',
  properties: { alias: { type: 'string' } },
  required: ['alias'],
} as const;

const shown = (extension: NeutronExtension) => ({ ...extension, links: [] });

/** `/extensions` and `/extensions/{alias}`: what the API implements, as Neutron's ExtensionController lists it. */
export function extensionRoutes(app: FastifyInstance): void {
  app.get(
    '/extensions',
    {
      schema: {
        response: {
          200: {
            type: 'object',
            properties: { extensions: { type: 'array', items: EXTENSION_SCHEMA } },
            required: ['extensions'],
          },
        },
      },
    },
    async () => ({ extensions: EXTENSIONS.map(shown) }),
  );

  app.get(
    '/extensions/:alias',
    {
      schema: {
        params: ALIAS_PARAMS,
        response: {
          200: { type: 'object', properties: { extension: EXTENSION_SCHEMA }, required: ['extension'] },
        },
      },
    },
    async (request) => {
      const { alias } = request.params as { alias: string };
      const extension = EXTENSIONS.find((candidate) => candidate.alias === alias);
      if (!extension) throw notFound('HTTPNotFound', `Extension with alias ${alias} does not exist`);
      return { extension: shown(extension) };
    },
  );
}
