import { nextLinks } from '../../../common/http/pagination.js';

/**
 * Nova's links of a resource: `self` under the version (`.../compute/v2.1/flavors/1`) and
 * `bookmark` without it (`.../compute/flavors/1`).
 */
export function resourceLinks(baseUrl: string, collection: string, id: string) {
  return [
    { rel: 'self', href: `${baseUrl}/v2.1/${collection}/${id}` },
    { rel: 'bookmark', href: `${baseUrl}/${collection}/${id}` },
  ];
}

/**
 * Nova's `<collection>_links`: a next link when the page is as long as it may be (the asked
 * limit, or the largest page when none was asked), else nothing.
 */
export function collectionLinks(
  baseUrl: string,
  collection: string,
  requestUrl: string,
  pageSize: number,
  limit: number,
  lastKey: string | undefined,
) {
  if (limit === 0 || pageSize !== limit || lastKey === undefined) return [];
  return nextLinks(`${baseUrl}/v2.1/${collection}`, requestUrl, lastKey);
}
