import type { FastifyInstance } from 'fastify';
import type { ImageDeps } from '../deps.js';
import { discoveryRoutes } from './discovery.js';
import { imageActionRoutes } from './image-actions.js';
import { imageDataRoutes } from './image-data.js';
import { imageImportRoutes } from './image-import.js';
import { imageMemberRoutes } from './image-members.js';
import { imageRecordRoutes } from './images.js';
import { imageTagRoutes } from './image-tags.js';
import { metadefRoutes } from './metadefs/metadef-routes.js';
import { schemaDocumentRoutes } from './schema-documents.js';
import { versionRoutes } from './versions.js';

/** A module of image routes; paths are relative to `/image`. */
export type RouteModule = (app: FastifyInstance, deps: ImageDeps) => void;

/** Every image route module, registered in this order. */
export const imageRoutes: RouteModule[] = [
  versionRoutes,
  schemaDocumentRoutes,
  imageRecordRoutes,
  imageDataRoutes,
  imageImportRoutes,
  imageActionRoutes,
  imageTagRoutes,
  imageMemberRoutes,
  discoveryRoutes,
  metadefRoutes,
];
