/** Where the gateway mounts the console proxy, beside the services (Nova runs it on a port of its own). */
export const CONSOLE_PREFIX = '/console';

/** The noVNC page (noVNC >= 1.0's `vnc_lite.html`, which Nova's `novncproxy_base_url` names). */
export const NOVNC_PAGE = 'vnc_lite.html';

/** The websocket endpoint, named as websockify's default. */
export const WEBSOCKET_PATH = 'websockify';

/**
 * Nova's `novncproxy_base_url` for a cloud whose public URL is `publicUrl`: the page, and in its
 * `path` query parameter where the page opens its websocket, relative to the host (noVNC and
 * Tempest both request `/<path>`), so it carries any path prefix of the public URL.
 */
export function novncBaseUrl(publicUrl: string): string {
  const base = new URL(publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`);
  const prefix = `${base.pathname}${CONSOLE_PREFIX.slice(1)}`;
  const page = new URL(`${prefix}/${NOVNC_PAGE}`, base);
  page.searchParams.set('path', `${prefix.slice(1)}/${WEBSOCKET_PATH}`);
  return page.href;
}

/**
 * The URL handed to the user (Nova's `ConsoleAuthToken.access_url` for noVNC): the token goes
 * inside `path`, since noVNC 1.1 dropped the top-level `token` parameter.
 */
export function novncAccessUrl(baseUrl: string, token: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set('path', `${url.searchParams.get('path') ?? ''}?token=${token}`);
  return url.href;
}
