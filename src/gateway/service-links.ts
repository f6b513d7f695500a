import type { FastifyInstance } from 'fastify';
import type { StratusConfig } from '../common/config/index.js';
import {
  FetchTransport,
  InjectTransport,
  type ServiceTransport,
  type TransportRequest,
} from '../common/clients/http-transport.js';
import type { IdentityDeps } from '../identity/index.js';

/** Renew the services' token when less than this is left of it. */
const RENEW_BEFORE_MS = 300_000;

/**
 * A token for the services' own user, issued in process by identity's token service (no
 * password round trip) and reused until it nears its expiry.
 */
export function servicesTokenSource(
  identity: IdentityDeps,
  config: StratusConfig,
  user: { userId: string; projectId: string },
): () => Promise<string> {
  let current: { token: string; expiresAt: number } | null = null;
  return async () => {
    const now = identity.now();
    if (current && current.expiresAt - now.getTime() > RENEW_BEFORE_MS) return current.token;
    const expiresAt = new Date(now.getTime() + config.identity.token_expiration * 1000);
    const issued = await identity.tokens.issue({
      userId: user.userId,
      methods: ['password'],
      scope: { kind: 'project', projectId: user.projectId },
      applicationCredentialId: null,
      issuedAt: now,
      expiresAt,
      auditIds: [],
    });
    current = { token: issued.token, expiresAt: expiresAt.getTime() };
    return current.token;
  };
}

/**
 * Reaches a service of this cloud: through the gateway's own Fastify instance when the service is
 * mounted in this process (no network hop), over HTTP at `<publicUrl>/<service>` otherwise.
 * The gateway attaches its app once it is built; requests before that go over HTTP.
 */
export class ServiceLinks {
  private app: FastifyInstance | null = null;

  constructor(
    private readonly publicUrl: string,
    private readonly local: readonly string[],
  ) {}

  attach(app: FastifyInstance): void {
    this.app = app;
  }

  transport(service: string, token: () => Promise<string>): ServiceTransport {
    const options = { service, token };
    const remote = new FetchTransport(`${this.publicUrl}/${service}`, options);
    const pick = (): ServiceTransport =>
      this.app && this.local.includes(service)
        ? new InjectTransport(this.app, `/${service}`, options)
        : remote;
    return {
      request: <Body>(method: string, path: string, request?: TransportRequest) =>
        pick().request<Body>(method, path, request),
      stream: (method: string, path: string, request?: TransportRequest) =>
        pick().stream(method, path, request),
    };
  }
}
