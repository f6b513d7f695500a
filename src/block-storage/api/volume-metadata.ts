import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, BadRequest, NotFound } from '../../common/http/errors.js';
import { keyValuesOf } from '../db/key-value-rows.js';
import type { BlockStorageDeps } from '../deps.js';
import { InvalidVolume } from '../errors.js';
import { authorize } from '../policies/index.js';
import { VOLUME_METADATA_POLICY } from '../policies/volume-metadata.js';
import { validateBody } from '../volumes/request-validation.js';
import { loadVolume, volumeTarget } from '../volumes/volume-lookup.js';
import { deleteMetadataKey, writeMetadata, type VolumeRow } from '../volumes/volume-records.js';
import { anyBody, emptyResponse, metadataResponse, metaItemResponse } from './common-schemas.js';
import {
  metadataBodySchema,
  metadataKeyParams,
  metaItemBodySchema,
  volumeIdParams,
} from './volume-schemas.js';
import { exactPath } from './volume-paths.js';

type VolumeRequest = FastifyRequest<{ Params: { id: string } }>;
type KeyRequest = FastifyRequest<{ Params: { id: string; key: string } }>;

/** Statuses in which Cinder refuses to change a volume's metadata. */
const FROZEN_STATUSES = ['maintenance', 'uploading'];

/** Python's `json.dumps` of `{"metadata": {...}}` (its separators, ASCII escapes), which Cinder's ETag hashes. */
function pythonJson(metadata: Record<string, string>): string {
  const text = (value: string) =>
    JSON.stringify(value).replace(
      /[\u007f-\uffff]/g,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  const entries = Object.entries(metadata).map(([key, value]) => `${text(key)}: ${text(value)}`);
  return `{"metadata": {${entries.join(', ')}}}`;
}

function etagOf(metadata: Record<string, string>): string {
  return createHash('md5').update(pythonJson(metadata)).digest('hex');
}

/** From 3.15 a write with `If-Match` must name the metadata's current ETag, else 412. */
async function checkEtag(deps: BlockStorageDeps, request: FastifyRequest, volume: VolumeRow): Promise<void> {
  const ifMatch = request.headers['if-match'];
  if (!request.microversion.atLeast('3.15') || ifMatch === undefined) return;
  const tags = ifMatch.split(',').map((tag) => tag.trim().replace(/^W\//, '').replace(/^"|"$/g, ''));
  if (tags.includes('*')) return;
  if (!tags.includes(etagOf(await keyValuesOf(deps.db, 'volume_metadata', volume.id)))) {
    throw new ApiError(412, 'There was a conflict when trying to complete your request.');
  }
}

function checkNotFrozen(volume: VolumeRow, verb: 'Updating' | 'Deleting'): void {
  if (FROZEN_STATUSES.includes(volume.status)) {
    throw new InvalidVolume(`${verb} volume metadata is not allowed for volumes in ${volume.status} status.`);
  }
}

/** `/volumes/{id}/metadata`: a volume's own key/value metadata (cinder/api/v3/volume_metadata.py). */
export function volumeMetadataRoutes(app: FastifyInstance, deps: BlockStorageDeps): void {
  const load = async (request: VolumeRequest | KeyRequest, rule: string) => {
    const volume = await loadVolume(deps, request.context, request.params.id);
    authorize(deps.policy, rule, volumeTarget(volume), request.context);
    return volume;
  };
  const write = async (volume: VolumeRow, changes: Record<string, string>, replace: boolean) => {
    checkNotFrozen(volume, 'Updating');
    return deps.db
      .transaction()
      .execute((trx) => writeMetadata(trx, 'volume_metadata', volume.id, changes, replace));
  };

  app.get<{ Params: { id: string } }>(
    '/volumes/:id/metadata',
    { onRequest: exactPath, schema: { params: volumeIdParams, response: { 200: metadataResponse } } },
    async (request: VolumeRequest, reply: FastifyReply) => {
      const volume = await load(request, VOLUME_METADATA_POLICY.get);
      const metadata = await keyValuesOf(deps.db, 'volume_metadata', volume.id);
      if (request.microversion.atLeast('3.15')) reply.header('etag', etagOf(metadata));
      return { metadata };
    },
  );

  // POST merges into the metadata; PUT replaces it, and minds the ETag.
  for (const [method, rule, replace] of [
    ['POST', VOLUME_METADATA_POLICY.create, false],
    ['PUT', VOLUME_METADATA_POLICY.update, true],
  ] as const) {
    app.route<{ Params: { id: string } }>({
      method,
      url: '/volumes/:id/metadata',
      onRequest: exactPath,
      schema: { params: volumeIdParams, body: anyBody, response: { 200: metadataResponse } },
      handler: async (request: VolumeRequest) => {
        const { metadata } = validateBody<{ metadata: Record<string, string> }>(
          metadataBodySchema,
          request.body,
        );
        const volume = await load(request, rule);
        if (replace) await checkEtag(deps, request, volume);
        return { metadata: await write(volume, metadata, replace) };
      },
    });
  }

  app.get<{ Params: { id: string; key: string } }>(
    '/volumes/:id/metadata/:key',
    { onRequest: exactPath, schema: { params: metadataKeyParams, response: { 200: metaItemResponse } } },
    async (request: KeyRequest) => {
      const volume = await load(request, VOLUME_METADATA_POLICY.get);
      const metadata = await keyValuesOf(deps.db, 'volume_metadata', volume.id);
      const { key } = request.params;
      if (!(key in metadata)) throw new NotFound(`Volume ${volume.id} has no metadata with key ${key}.`);
      return { meta: { [key]: metadata[key] } };
    },
  );

  app.put<{ Params: { id: string; key: string } }>(
    '/volumes/:id/metadata/:key',
    {
      onRequest: exactPath,
      schema: { params: metadataKeyParams, body: anyBody, response: { 200: metaItemResponse } },
    },
    async (request: KeyRequest) => {
      const { meta } = validateBody<{ meta: Record<string, string> }>(metaItemBodySchema, request.body);
      if (!(request.params.key in meta)) throw new BadRequest('Request body and URI mismatch');
      const volume = await load(request, VOLUME_METADATA_POLICY.update);
      await checkEtag(deps, request, volume);
      await write(volume, meta, false);
      return { meta };
    },
  );

  app.delete<{ Params: { id: string; key: string } }>(
    '/volumes/:id/metadata/:key',
    { onRequest: exactPath, schema: { params: metadataKeyParams, response: { 200: emptyResponse } } },
    async (request: KeyRequest, reply: FastifyReply) => {
      const volume = await loadVolume(deps, request.context, request.params.id);
      const metadata = await keyValuesOf(deps.db, 'volume_metadata', volume.id);
      const { key } = request.params;
      if (!(key in metadata)) throw new NotFound(`Volume ${volume.id} has no metadata with key ${key}.`);
      authorize(deps.policy, VOLUME_METADATA_POLICY.delete, volumeTarget(volume), request.context);
      checkNotFrozen(volume, 'Deleting');
      await deleteMetadataKey(deps.db, 'volume_metadata', volume.id, key);
      return reply.status(200).send();
    },
  );
}
