import { imageSchema, imagesSchema } from '../docs/image-schema.js';
import { memberSchema, membersSchema } from '../docs/member-schema.js';
import type { RouteModule } from './routes.js';

const documentSchema = {
  type: 'object',
  required: ['name', 'properties'],
  additionalProperties: true,
} as const;

const DOCUMENTS: Record<string, () => object> = {
  image: imageSchema,
  images: imagesSchema,
  member: memberSchema,
  members: membersSchema,
};

/** `GET /v2/schemas/{image,images,member,members}`: the JSON schemas clients validate with. */
export const schemaDocumentRoutes: RouteModule = (app) => {
  for (const [name, build] of Object.entries(DOCUMENTS)) {
    const document = build();
    app.get(`/v2/schemas/${name}`, { schema: { response: { 200: documentSchema } } }, async () => document);
  }
};
