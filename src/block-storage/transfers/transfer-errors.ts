import { BadRequest, NotFound } from '../../common/http/errors.js';

/** Cinder's TransferNotFound. */
export class TransferNotFound extends NotFound {
  constructor(transferId: string) {
    super(`Transfer ${transferId} could not be found.`);
  }
}

/** Cinder's InvalidAuthKey. */
export class InvalidAuthKey extends BadRequest {
  constructor(reason: string) {
    super(`Invalid auth key: ${reason}`);
  }
}
