import type { VersionLayout } from './version-discovery.js';

/**
 * Response schemas of the version documents of a microversioned API (Nova, Cinder), as
 * `versionList` and `versionDocument` write them with the same layout: every field the version
 * has, nothing more.
 */

const versionLinkSchema = {
  type: 'object',
  properties: { rel: { type: 'string' }, href: { type: 'string' }, type: { type: 'string' } },
  required: ['rel', 'href'],
  additionalProperties: false,
};

const mediaTypesSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: { base: { type: 'string' }, type: { type: 'string' } },
    required: ['base', 'type'],
    additionalProperties: false,
  },
};

/** One version: id, status, its microversion range, when it changed, links and (unless the layout omits them) media types. */
function versionObjectSchema(layout: VersionLayout): object {
  const mediaTypes = layout.mediaTypes !== false;
  return {
    type: 'object',
    properties: {
      id: { type: 'string' },
      status: { type: 'string' },
      version: { type: 'string' },
      min_version: { type: 'string' },
      updated: { type: 'string' },
      links: { type: 'array', items: versionLinkSchema },
      ...(mediaTypes && { 'media-types': mediaTypesSchema }),
    },
    required: [
      'id',
      'status',
      'version',
      'min_version',
      'updated',
      'links',
      ...(mediaTypes ? ['media-types'] : []),
    ],
    additionalProperties: false,
  };
}

/** `{"versions": [...]}`, a service's root. */
export function versionListSchema(layout: VersionLayout = {}): object {
  return {
    type: 'object',
    properties: { versions: { type: 'array', items: versionObjectSchema(layout) } },
    required: ['versions'],
    additionalProperties: false,
  };
}

/** `{"version": {...}}`, the root of one version. */
export function versionDocumentSchema(layout: VersionLayout = {}): object {
  return {
    type: 'object',
    properties: { version: versionObjectSchema(layout) },
    required: ['version'],
    additionalProperties: false,
  };
}
