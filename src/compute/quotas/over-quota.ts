import { Forbidden } from '../../common/http/errors.js';

export interface Overage {
  resource: string;
  requested: number;
  used: number;
  allowed: number;
}

/**
 * Nova's OverQuota as its servers API answers it (TooManyInstances → HTTPForbidden): a 403 with
 * "Quota exceeded for instances: Requested 1, but already used 10 of 10 instances".
 */
export class OverQuota extends Forbidden {
  constructor(readonly overs: Overage[]) {
    const names = overs.map((over) => over.resource).join(', ');
    const first = overs[0];
    super(
      `Quota exceeded for ${names}: Requested ${first.requested}, but already used ${first.used} of ${first.allowed} ${names}`,
    );
  }
}
