import type { RouteModule } from '../routes.js';
import { metadefNamespaceRoutes } from './namespaces.js';
import { metadefObjectRoutes } from './objects.js';
import { metadefPropertyRoutes } from './properties.js';
import { metadefResourceTypeRoutes } from './resource-types.js';
import { metadefSchemaDocumentRoutes } from './metadef-schema-documents.js';
import { metadefTagRoutes } from './tags.js';

/** Glance's metadata definitions API (`/v2/metadefs/...`) and its schema documents. */
export const metadefRoutes: RouteModule = (app, deps) => {
  for (const register of [
    metadefSchemaDocumentRoutes,
    metadefResourceTypeRoutes,
    metadefNamespaceRoutes,
    metadefPropertyRoutes,
    metadefObjectRoutes,
    metadefTagRoutes,
  ])
    register(app, deps);
};
