import type { StratusConfig } from '../../common/config/index.js';
import { bytesUsedBy, countImagesOf } from '../db/images-repo.js';
import { policyRefusal } from './image-access.js';
import type { RouteModule } from './routes.js';

/** The import methods this deployment offers: glance-direct always, web-download when enabled. */
export function importMethods(config: StratusConfig): string[] {
  return config.image.web_download.enabled ? ['glance-direct', 'web-download'] : ['glance-direct'];
}

const looseObject = { type: 'object', additionalProperties: true } as const;
const storesResponse = {
  type: 'object',
  required: ['stores'],
  properties: {
    stores: { type: 'array', items: { type: 'object', required: ['id'], additionalProperties: true } },
  },
} as const;

const MiB = 1024 * 1024;

/** `/v2/info/import`, `/v2/info/stores` (and its admin `detail`) and `/v2/info/usage`. */
export const discoveryRoutes: RouteModule = (app, deps) => {
  app.get('/v2/info/import', { schema: { response: { 200: looseObject } } }, async () => ({
    'import-methods': {
      description: 'Import methods available.',
      type: 'array',
      value: importMethods(deps.config),
    },
  }));

  app.get('/v2/info/stores', { schema: { response: { 200: storesResponse } } }, async () => ({
    stores: [{ id: deps.store.id, default: 'true' }],
  }));

  app.get('/v2/info/stores/detail', { schema: { response: { 200: storesResponse } } }, async (request) => {
    if (!deps.policy.check('stores_info_detail', {}, request.context))
      throw policyRefusal('stores_info_detail');
    const { type, properties } = deps.store.describe();
    return { stores: [{ id: deps.store.id, default: 'true', type, properties }] };
  });

  // Sizes in MiB, as Glance's unified limits count them; -1 is unlimited.
  app.get('/v2/info/usage', { schema: { response: { 200: looseObject } } }, async (request) => {
    const project = request.context.projectId;
    const { quota } = deps.config.image;
    const used = project === null ? 0 : await bytesUsedBy(deps.db, project);
    const count = project === null ? 0 : await countImagesOf(deps.db, project);
    const sizeLimit = quota.image_size_total < 0 ? -1 : Math.floor(quota.image_size_total / MiB);
    return {
      usage: {
        image_size_total: { limit: sizeLimit, usage: Math.floor(used / MiB) },
        image_stage_total: { limit: -1, usage: 0 },
        image_count_total: { limit: quota.image_count_total, usage: count },
        image_count_uploading: { limit: -1, usage: 0 },
      },
    };
  });
};
