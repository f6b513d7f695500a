import { parsedJson, type AttachmentRecord } from '../../attachments/attachment-records.js';
import { cinderTime } from './volumes.js';

/** Cinder's summary of an attachment (cinder/api/v3/views/attachments.py). */
export function attachmentSummary(attachment: AttachmentRecord) {
  return {
    id: attachment.id,
    status: attachment.attach_status,
    instance: attachment.instance_uuid,
    volume_id: attachment.volume_id,
  };
}

/**
 * The detailed view: times (empty text when unset, as upstream), the mode and the connection info
 * Cinder hands the host (empty until a connector was given).
 */
export function attachmentDetail(attachment: AttachmentRecord) {
  return {
    ...attachmentSummary(attachment),
    attached_at: cinderTime(attachment.attach_time) ?? '',
    detached_at: cinderTime(attachment.detach_time) ?? '',
    attach_mode: attachment.attach_mode,
    connection_info: parsedJson(attachment.connection_info) ?? {},
  };
}
