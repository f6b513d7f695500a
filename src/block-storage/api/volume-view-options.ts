import type { FastifyRequest } from 'fastify';
import type { BlockStorageDeps } from '../deps.js';
import { VOLUME_METADATA_POLICY } from '../policies/volume-metadata.js';
import { VOLUME_POLICY } from '../policies/volumes.js';
import { callerIsAdmin } from '../volumes/volume-lookup.js';
import type { LinkBase, VolumeExtensions, VolumeViewOptions } from './views/volumes.js';

/** Links keep the project in the URL when the request had the caller's project there (Cinder's rule). */
export function linkBase(deps: BlockStorageDeps, request: FastifyRequest): LinkBase {
  const project = request.context.projectId;
  const path = request.url.split('?')[0];
  const inUrl = project !== null && (path.includes(`/v3/${project}/`) || path.endsWith(`/v3/${project}`));
  return { baseUrl: deps.baseUrl, urlProject: inUrl ? project : null };
}

export function viewOptions(deps: BlockStorageDeps, request: FastifyRequest): VolumeViewOptions {
  return {
    version: request.microversion,
    isAdmin: callerIsAdmin(deps, request.context),
    links: linkBase(deps, request),
  };
}

/** Which extension attributes the caller sees, each behind its policy (checked without `fatal`). */
export function volumeExtensions(deps: BlockStorageDeps, request: FastifyRequest): VolumeExtensions {
  const context = request.context;
  const target = { project_id: context.projectId };
  const allowed = (rule: string) => deps.policy.check(rule, target, context);
  return {
    tenant: allowed(VOLUME_POLICY.tenantAttribute),
    host: allowed(VOLUME_POLICY.hostAttribute),
    migration: allowed(VOLUME_POLICY.migrationAttribute),
    imageMetadata: allowed(VOLUME_METADATA_POLICY.imageMetadataShow),
  };
}
