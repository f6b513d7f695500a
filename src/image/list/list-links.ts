/** The query parameters of a request URL in order, repeats kept. */
export function queryPairs(requestUrl: string): Array<[string, string]> {
  const question = requestUrl.indexOf('?');
  return question < 0 ? [] : [...new URLSearchParams(requestUrl.slice(question + 1))];
}

/** Python's `urlencode` (quote_plus): only letters, digits and `_.-~` stay as they are. */
function formEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** `dict(request.params)`: one entry per name, at its first place, with its last value. */
function asDict(pairs: Array<[string, string]>): Map<string, string> {
  const dict = new Map<string, string>();
  for (const [key, value] of pairs) dict.set(key, value);
  return dict;
}

const encode = (dict: Map<string, string>) =>
  [...dict].map(([key, value]) => `${formEncode(key)}=${formEncode(value)}`).join('&');

/**
 * Glance's `first` and `next` links of an image list: the request's parameters (as a dict, so a
 * repeated one keeps its last value) without the marker; `next` adds the new marker last.
 */
export function imageListLinks(
  requestUrl: string,
  nextMarker: string | undefined,
): { first: string; next?: string } {
  const params = asDict(queryPairs(requestUrl));
  params.delete('marker');
  const query = encode(params);
  const links: { first: string; next?: string } = { first: query ? `/v2/images?${query}` : '/v2/images' };
  if (nextMarker !== undefined) {
    params.set('marker', nextMarker);
    links.next = `/v2/images?${encode(params)}`;
  }
  return links;
}
