import type { FastifyPluginAsync } from 'fastify';
import type { TokenValidator } from './auth/context.js';
import type { StratusConfig } from './config/index.js';
import type { Logger } from './logging.js';
import type { Bus } from './bus/index.js';
import type { ServiceTransport } from './clients/http-transport.js';

/** What the gateway gives a service when it opens it. */
export interface ServiceContext {
  config: StratusConfig;
  logger: Logger;
  /** Public URL of the whole cloud, e.g. `http://127.0.0.1:5000`; a service lives at `<publicUrl><prefix>`. */
  publicUrl: string;
  /** Validates the tokens callers present (identity's, in process in the all-in-one cloud). */
  validator: TokenValidator;
  /** The identity endpoint named in `WWW-Authenticate` of 401 answers. */
  identityUri: string;
  /** The message bus between the processes of a service (in process in the all-in-one cloud). */
  bus: Bus;
  /** A token of the services' own user (admin and service in the service project), renewed as it nears expiry. */
  serviceToken(): Promise<string>;
  /** The projects `stratus up` made: where a service puts what it makes for the demo user (networks). */
  projects: { admin: string; demo: string };
  /** How to reach another service's API (by its name: `placement`, `image`) with the tokens `token` gives. */
  transport(service: string, token: () => Promise<string>): ServiceTransport;
}

/** A service opened for serving: its Fastify plugin, and how to release what it holds. */
export interface OpenedService {
  plugin: FastifyPluginAsync;
  /**
   * Endpoints the service serves outside `/<name>`, as upstream runs them on ports of their own
   * (Nova's metadata API and noVNC proxy): `/metadata`, `/console`.
   */
  extraMounts?: { name: string; prefix: string; plugin: FastifyPluginAsync }[];
  close(): Promise<void>;
  /** Starts background work that calls other services (agents, periodic tasks), once the cloud serves. */
  start?(): Promise<void>;
}

/**
 * A service of the cloud as the gateway mounts it, one per folder (like Miniflare's plugins):
 * where it lives, how the catalog lists it, and how to open it.
 */
export interface ServiceModule {
  /** The name `stratus serve <name>` takes, also the URL path: `/<name>`. */
  name: string;
  catalog: {
    /** The service type of the OpenStack service-types authority. */
    type: string;
    name: string;
    description: string;
    /** What follows the service's base URL in its catalog endpoint (`/v3` for identity, none for image). */
    endpointSuffix: string;
    /**
     * More catalog entries at the same URL, under older service types clients still look for
     * (Cinder's `volumev3`, which Tempest and openstackclient of Zed ask the catalog for).
     */
    aliases?: { type: string; name: string }[];
  };
  open(context: ServiceContext): Promise<OpenedService>;
}
