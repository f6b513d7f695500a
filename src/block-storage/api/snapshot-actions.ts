import type { FastifyInstance } from 'fastify';
import { BadRequest } from '../../common/http/errors.js';
import type { BlockStorageDeps } from '../deps.js';
import { InvalidInput } from '../errors.js';
import { authorize } from '../policies/index.js';
import { loadSnapshot, snapshotTarget } from '../snapshots/snapshot-lookup.js';
import { deleteSnapshot, resetSnapshotStatus, updateSnapshotStatus } from '../snapshots/snapshot-status.js';
import { validateBody } from '../volumes/request-validation.js';
import { emptyResponse } from './common-schemas.js';
import { resetStatusSchema, snapshotParams, updateStatusSchema } from './snapshot-schemas.js';

type Params = { snapshot_id: string };

/** Cinder's `progress` format: an integer percentage, `0%` to `100%`. */
function checkProgress(progress: string | undefined): void {
  if (!progress) return;
  const number = progress.slice(0, -1).trim();
  if (!/^[+-]?\d+$/.test(number)) throw new InvalidInput('progress must be an integer percentage');
  const value = Number(number);
  if (value < 0 || value > 100 || !progress.endsWith('%')) {
    throw new InvalidInput('progress must be an integer percentage between 0 and 100');
  }
}

/** The one action a body names (Cinder's `action_peek`). */
export function actionOf(body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequest('Malformed request body');
  }
  const keys = Object.keys(body);
  if (keys.length !== 1) throw new BadRequest('Malformed request body: too many body keys');
  return keys[0];
}

/** POST /snapshots/{id}/action: os-reset_status, os-force_delete (admins), os-update_snapshot_status. */
export function snapshotActionRoutes(app: FastifyInstance, deps: BlockStorageDeps): void {
  app.post<{ Params: Params }>(
    '/snapshots/:snapshot_id/action',
    { schema: { params: snapshotParams, body: {}, response: { 202: emptyResponse } } },
    async (request, reply) => {
      const id = request.params.snapshot_id;
      const context = request.context;
      const action = actionOf(request.body);
      switch (action) {
        case 'os-reset_status': {
          const { status } = validateBody<{ 'os-reset_status': { status: string } }>(
            resetStatusSchema,
            request.body,
          )['os-reset_status'];
          const snapshot = await loadSnapshot(deps, context, id);
          authorize(
            deps.policy,
            'volume_extension:snapshot_admin_actions:reset_status',
            snapshotTarget(snapshot),
            context,
          );
          await resetSnapshotStatus(deps, snapshot, status);
          break;
        }
        case 'os-force_delete': {
          const snapshot = await loadSnapshot(deps, context, id);
          authorize(
            deps.policy,
            'volume_extension:snapshot_admin_actions:force_delete',
            snapshotTarget(snapshot),
            context,
          );
          authorize(deps.policy, 'volume:delete_snapshot', snapshotTarget(snapshot), context);
          await deleteSnapshot(deps, context, snapshot, true);
          break;
        }
        case 'os-update_snapshot_status': {
          const { status, progress } = validateBody<{
            'os-update_snapshot_status': { status: string; progress?: string };
          }>(updateStatusSchema, request.body)['os-update_snapshot_status'];
          checkProgress(progress);
          const snapshot = await loadSnapshot(deps, context, id);
          authorize(
            deps.policy,
            'snapshot_extension:snapshot_actions:update_snapshot_status',
            snapshotTarget(snapshot),
            context,
          );
          await updateSnapshotStatus(deps, snapshot, status, progress);
          break;
        }
        default:
          throw new BadRequest(`There is no such action: ${action}`);
      }
      return reply.status(202).send();
    },
  );
}
