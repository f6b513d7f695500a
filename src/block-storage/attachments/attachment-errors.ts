import { ApiError, NotFound } from '../../common/http/errors.js';

/** Cinder's VolumeAttachmentNotFound as `VolumeAttachment.get_by_id` raises it. */
export class AttachmentNotFound extends NotFound {
  constructor(attachmentId: string) {
    super(`Volume attachment could not be found with filter: attachment_id = ${attachmentId}.`);
  }
}

/** Cinder's ResourceConflict (409): e.g. an attachment of a volume in an error state. */
export class ResourceConflict extends ApiError {
  constructor(reason: string) {
    super(409, `Resource conflict: ${reason}`);
  }
}

/**
 * The 500 Cinder's attachments controller answers when the backend could not connect the volume
 * ("Unable to create attachment for volume (...)."), with the cause logged, not shown.
 */
export class AttachmentFailed extends ApiError {
  constructor(message: string) {
    super(500, message);
  }
}
