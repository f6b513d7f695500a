import type { Microversion } from '../../../common/http/microversion.js';
import type { FlavorRow } from '../../flavors/flavors-repo.js';
import { resourceLinks } from './links.js';

/** Microversions that change what a flavor shows. */
export const FLAVOR_DESCRIPTION = '2.55';
export const FLAVOR_EXTRA_SPECS = '2.61';
export const FLAVOR_SWAP_ZERO = '2.75';

/** `GET /flavors`: id, name, links (and description from 2.55). */
export function flavorBrief(row: FlavorRow, version: Microversion, baseUrl: string) {
  return {
    id: row.flavorid,
    name: row.name,
    links: resourceLinks(baseUrl, 'flavors', row.flavorid),
    ...(version.atLeast(FLAVOR_DESCRIPTION) ? { description: row.description } : {}),
  };
}

/**
 * A flavor in full, as Nova's view: swap 0 is `""` before 2.75; description from 2.55;
 * extra_specs from 2.61 (when given, i.e. when the caller may read them).
 */
export function flavorDetail(
  row: FlavorRow,
  version: Microversion,
  baseUrl: string,
  extraSpecs?: Record<string, string>,
) {
  return {
    id: row.flavorid,
    name: row.name,
    ram: row.memory_mb,
    disk: row.root_gb,
    swap: row.swap || (version.atLeast(FLAVOR_SWAP_ZERO) ? 0 : ''),
    'OS-FLV-EXT-DATA:ephemeral': row.ephemeral_gb,
    'OS-FLV-DISABLED:disabled': row.disabled === 1,
    vcpus: row.vcpus,
    'os-flavor-access:is_public': row.is_public === 1,
    rxtx_factor: row.rxtx_factor || '',
    links: resourceLinks(baseUrl, 'flavors', row.flavorid),
    ...(version.atLeast(FLAVOR_DESCRIPTION) ? { description: row.description } : {}),
    ...(version.atLeast(FLAVOR_EXTRA_SPECS) && extraSpecs ? { extra_specs: extraSpecs } : {}),
  };
}

/** `{"flavor_access": [{"flavor_id", "tenant_id"}]}`. */
export function flavorAccessView(flavorId: string, projectIds: readonly string[]) {
  return { flavor_access: projectIds.map((projectId) => ({ flavor_id: flavorId, tenant_id: projectId })) };
}
