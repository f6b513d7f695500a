/**
 * Version discovery documents, the answers of a service's root (`GET /`) and of a version's root
 * (`GET /v2.1`). Services differ in shape, so the builders take the facts of each version and a
 * few choices of layout; every upstream document can be written with them:
 *
 * - Nova `GET /`: `versionList(all, { describedBy: 'omit', mediaTypes: false })`;
 *   `GET /v2.1`: `versionDocument(v21)` (self, then describedby, then media-types).
 * - Cinder `GET /` (300) and `GET /v3/`: `versionList(all, { describedBy: 'before-self' })`.
 * - Glance `GET /` (300) and `GET /versions`: `versionList(all)` with versions that have only
 *   id, status and href.
 * - Placement `GET /`: `versionList([v1])` with `microversions.maxField: 'max_version'`, href ''.
 * - Keystone `GET /` (300): `keystoneVersionList(all)`; `GET /v3`: `versionDocument(v3)`.
 */

/** `CURRENT`, `SUPPORTED`, `DEPRECATED` (Nova, Glance, Cinder, Placement); `stable` (Keystone). */
export type VersionStatus =
  'CURRENT' | 'SUPPORTED' | 'DEPRECATED' | 'EXPERIMENTAL' | 'stable' | (string & {});

export interface VersionLink {
  rel: string;
  href: string;
  type?: string;
}

export interface MediaType {
  base: string;
  type: string;
}

/** The facts of one API version. */
export interface ApiVersion {
  /** `v2.1`, `v3.14`, `v1.0`, `v2.16`. */
  id: string;
  status: VersionStatus;
  /** The version's root, usually from `versionHref`; Placement uses `''` (this same URL). */
  href: string;
  /** When the version last changed, `2013-07-23T11:33:21Z`; Glance and Placement show none. */
  updated?: string;
  /**
   * The microversion range of a microversioned API, shown as `min_version` and `version` (or
   * `max_version`, Placement's name); Nova's v2.0 shows both as `""`.
   */
  microversions?: { min: string; max: string; maxField?: 'version' | 'max_version' };
  /** The `describedby` link to the API's documentation (type text/html). */
  describedBy?: string;
  /** `[{"base": "application/json", "type": "application/vnd.openstack.compute+json;version=2.1"}]`. */
  mediaTypes?: MediaType[];
}

/** What a document shows of each version. */
export interface VersionLayout {
  /** Where the describedby link goes among the links, or `omit` it (Nova's list). */
  describedBy?: 'after-self' | 'before-self' | 'omit';
  /** Whether `media-types` appears (not in Nova's list). */
  mediaTypes?: boolean;
}

/** A version entry as it appears in a document; key order follows Nova's and Keystone's. */
export interface VersionObject {
  id: string;
  status: string;
  version?: string;
  max_version?: string;
  min_version?: string;
  updated?: string;
  links: VersionLink[];
  'media-types'?: MediaType[];
}

/** `<base>/<id>/`: the trailing slash is upstream's (`http://host/compute/v2.1/`). */
export function versionHref(baseUrl: string, versionPath: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${versionPath.replace(/^\/+|\/+$/g, '')}/`;
}

/** One version as a document shows it. */
export function versionObject(version: ApiVersion, layout: VersionLayout = {}): VersionObject {
  const self: VersionLink = { rel: 'self', href: version.href };
  const describedBy = layout.describedBy ?? 'after-self';
  let links = [self];
  if (version.describedBy !== undefined && describedBy !== 'omit') {
    const docs: VersionLink = { rel: 'describedby', type: 'text/html', href: version.describedBy };
    links = describedBy === 'before-self' ? [docs, self] : [self, docs];
  }
  const { min, max, maxField = 'version' } = version.microversions ?? {};
  return {
    id: version.id,
    status: version.status,
    ...(version.microversions && { [maxField]: max, min_version: min }),
    ...(version.updated !== undefined && { updated: version.updated }),
    links,
    ...(version.mediaTypes && layout.mediaTypes !== false && { 'media-types': version.mediaTypes }),
  };
}

/** `{"version": {...}}`: the root of one version. */
export function versionDocument(version: ApiVersion, layout?: VersionLayout): { version: VersionObject } {
  return { version: versionObject(version, layout) };
}

/** `{"versions": [...]}`: a service's root (Nova, Glance, Cinder, Placement, Neutron). */
export function versionList(
  versions: readonly ApiVersion[],
  layout?: VersionLayout,
): { versions: VersionObject[] } {
  return { versions: versions.map((version) => versionObject(version, layout)) };
}

/** `{"versions": {"values": [...]}}`: Keystone's root. */
export function keystoneVersionList(
  versions: readonly ApiVersion[],
  layout?: VersionLayout,
): { versions: { values: VersionObject[] } } {
  return { versions: { values: versions.map((version) => versionObject(version, layout)) } };
}

/** One entry of Nova's 300 Multiple Choices answer for an unknown version path. */
export interface VersionChoice {
  id: string;
  status: string;
  links: VersionLink[];
  'media-types': MediaType[];
}

/**
 * `{"choices": [...]}`: Nova's 300 answer to a path under no known version (e.g. `GET
 * /v3/servers`): each version with a self link to the asked path under that version's root.
 */
export function versionChoices(versions: readonly ApiVersion[], path: string): { choices: VersionChoice[] } {
  return {
    choices: versions.map((version) => ({
      id: version.id,
      status: version.status,
      links: [{ rel: 'self', href: `${version.href.replace(/\/+$/, '')}/${path.replace(/^\/+|\/+$/g, '')}` }],
      'media-types': version.mediaTypes ?? [],
    })),
  };
}
