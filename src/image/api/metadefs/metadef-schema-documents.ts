import { METADEF_DOCUMENTS } from '../../metadefs/docs/metadef-documents.js';
import type { RouteModule } from '../routes.js';
import { schemaDocument } from './metadef-route-schemas.js';

/** `GET /v2/schemas/metadefs/{namespace,object,property,tag,resource_type}` and their plurals. */
export const metadefSchemaDocumentRoutes: RouteModule = (app) => {
  for (const [name, build] of Object.entries(METADEF_DOCUMENTS)) {
    const document = build();
    app.get(
      `/v2/schemas/metadefs/${name}`,
      { schema: { response: { 200: schemaDocument } } },
      async () => document,
    );
  }
};
