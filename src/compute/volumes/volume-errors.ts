import { ApiError, BadRequest, Conflict, Forbidden, NotFound } from '../../common/http/errors.js';
import { ServiceError } from '../../common/clients/service-error.js';

/** Nova's VolumeNotFound. */
export class VolumeNotFound extends NotFound {
  constructor(readonly volumeId: string) {
    super(`Volume ${volumeId} could not be found.`);
  }
}

/** Nova's InvalidVolume. */
export class InvalidVolume extends BadRequest {
  constructor(reason: string) {
    super(`Invalid volume: ${reason}`);
  }
}

/** Nova's InvalidInput, which a 400 of Cinder becomes. */
export class InvalidInput extends BadRequest {
  constructor(reason: string) {
    super(`Invalid input received: ${reason}`);
  }
}

export class MultiattachNotSupportedOldMicroversion extends BadRequest {
  constructor() {
    super('Multiattach volumes are only supported starting with compute API version 2.60.');
  }
}

export class MultiattachToShelvedNotSupported extends BadRequest {
  constructor() {
    super('Attaching multiattach volumes is not supported for shelved-offloaded instances.');
  }
}

/** Raised by the agent whose driver cannot share a volume; the API answers 400, as Nova's. */
export class MultiattachNotSupportedByVirtDriver extends BadRequest {
  constructor(volumeId: string) {
    super(`Volume ${volumeId} has 'multiattach' set, which is not supported for this instance.`);
  }
}

export class VolumeTaggedAttachNotSupported extends BadRequest {
  constructor() {
    super('Tagged volume attachment is not supported for this server instance.');
  }
}

export class VolumeTaggedAttachToShelvedNotSupported extends BadRequest {
  constructor() {
    super('Tagged volume attachment is not supported for shelved-offloaded instances.');
  }
}

/** Nova's VolumeNotCreated: a boot volume that never became available. */
export class VolumeNotCreated extends Error {
  constructor(volumeId: string, seconds: number, attempts: number, status: string) {
    super(
      `Volume ${volumeId} did not finish being created even after we waited ${seconds} seconds or ${attempts} attempts. And its status is ${status}.`,
    );
    this.name = 'VolumeNotCreated';
  }
}

/** cinderclient's text of an error: the message, `(HTTP <status>)`, and the request id. */
function cinderclientText(error: ServiceError): string {
  const requestId = error.requestId ? ` (Request-ID: ${error.requestId})` : '';
  return `${error.detail} (HTTP ${error.status})${requestId}`;
}

/**
 * Nova's `translate_volume_exception`: Cinder's 404 is VolumeNotFound, its 400 InvalidInput, its
 * 403 Forbidden, its 413 (over quota) Nova's OverQuota; anything else (a 500, no answer) stays
 * as it is.
 */
export function translateVolumeError(error: unknown, volumeId: string): unknown {
  if (!(error instanceof ServiceError)) return error;
  if (error.status === 404) return new VolumeNotFound(volumeId);
  if (error.status === 400) return new InvalidInput(cinderclientText(error));
  if (error.status === 403) return new Forbidden(cinderclientText(error));
  if (error.status === 413) return new ApiError(413, `Quota exceeded for resources: ${error.detail}`);
  if (error.status === 409) return new Conflict(error.detail);
  return error;
}
