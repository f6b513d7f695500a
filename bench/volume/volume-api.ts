// The block storage API of a bench cloud as one user sees it: a token, the user's project, and
// requests to `/volume/v3/<project>` (with the compute and network APIs beside it for the guest
// part), failing on any answer the bench did not expect.
import { userToken } from '../cloud-process.js';
import { gatewayRequest, type GatewayApi, type Json } from '../gateway-api.js';

export class CloudApi implements GatewayApi {
  private constructor(
    private readonly base: string,
    private readonly token: string,
    readonly projectId: string,
  ) {}

  /** Logs in as `user` (of the default domain) to the project of the same name. */
  static async login(base: string, user: string, password: string): Promise<CloudApi> {
    const token = await userToken(base, user, password);
    const response = await fetch(`${base}/identity/v3/auth/tokens`, {
      headers: { 'x-auth-token': token, 'x-subject-token': token },
    });
    const body = (await response.json()) as { token?: { project?: { id?: string } } };
    const projectId = body.token?.project?.id;
    if (response.status !== 200 || !projectId) throw new Error(`cannot read the project of ${user}'s token`);
    return new CloudApi(base, token, projectId);
  }

  /** One request to a path of the gateway; `missing` is returned for a 404 instead of an error. */
  send(method: string, path: string, body?: unknown, missing?: Json): Promise<Json> {
    const gateway = { base: this.base, token: this.token, apiVersion: 'compute 2.79, volume 3.42' };
    return gatewayRequest(gateway, method, path, body, missing);
  }

  /** A request to the block storage API of the user's project (`path` after `/v3/<project>`). */
  volume(method: string, path: string, body?: unknown, missing?: Json): Promise<Json> {
    return this.send(method, `/volume/v3/${this.projectId}${path}`, body, missing);
  }

  /** Every volume of the project, following the list's `next` links. */
  async volumes(): Promise<Json[]> {
    const all: Json[] = [];
    let path: string | undefined = '/volumes/detail?limit=1000';
    while (path) {
      const page = await this.volume('GET', path);
      all.push(...(page.volumes as Json[]));
      const next = (page.volumes_links as Json[] | undefined)?.find((link) => link.rel === 'next');
      const href = next && new URL(String(next.href));
      path = href && `${href.pathname.replace(/^.*?\/v3\/[^/]+/, '')}${href.search}`;
    }
    return all;
  }
}
