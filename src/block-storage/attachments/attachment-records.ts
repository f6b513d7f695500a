import type { RequestContext } from '../../common/auth/context.js';
import type { BlockStorageDeps } from '../deps.js';
import { visibleToCaller } from '../volumes/volume-lookup.js';
import type { AttachmentRow, BlockStorageDb } from '../volumes/volume-records.js';
import { AttachmentNotFound } from './attachment-errors.js';

/** An attachment with the project of its volume, which owns it for policy and scoping. */
export interface AttachmentRecord extends AttachmentRow {
  project_id: string;
}

/** The attachments joined to their volume's project, for reads and lists. */
export function attachmentsWithProject(db: BlockStorageDb) {
  return db
    .selectFrom('volume_attachments')
    .innerJoin('volumes', 'volumes.id', 'volume_attachments.volume_id')
    .selectAll('volume_attachments')
    .select('volumes.project_id');
}

/**
 * Cinder's `VolumeAttachment.get_by_id` (project_only): an attachment of a volume of the caller's
 * project, any for an admin; anything else is a 404 that does not reveal it exists.
 */
export async function loadAttachment(
  deps: BlockStorageDeps,
  context: RequestContext,
  id: string,
  db: BlockStorageDb = deps.db,
): Promise<AttachmentRecord> {
  const attachment = await attachmentsWithProject(db)
    .where('volume_attachments.id', '=', id)
    .executeTakeFirst();
  if (!visibleToCaller(deps, context, attachment)) {
    throw new AttachmentNotFound(id);
  }
  return attachment;
}

/** The policy target of an attachment (Cinder's `target_obj`): its volume's project. */
export function attachmentTarget(attachment: AttachmentRecord): Record<string, unknown> {
  return { project_id: attachment.project_id, id: attachment.id, volume_id: attachment.volume_id };
}

/** The stored connector or connection info, parsed; null when none was stored. */
export function parsedJson(text: string | null): Record<string, unknown> | null {
  return text === null ? null : (JSON.parse(text) as Record<string, unknown>);
}
