import { header } from '../../proxy/headers.js';
import type { SwiftCall } from '../../proxy/swift-call.js';
import { SwiftError } from '../../proxy/swob.js';
import type { SwiftMiddleware } from '../swift-middleware.js';
import { quotaExceeded, quotaHeaders, quotaValue, uploadOf } from './upload-target.js';

const QUOTA = 'x-account-meta-quota-bytes';
const REMOVE_QUOTA = 'x-remove-account-meta-quota-bytes';

/** Whether the caller is a reseller (keystoneauth's `reseller_request`: the ResellerAdmin role). */
const isReseller = (call: SwiftCall) =>
  call.caller?.roles.some((role) => role.toLowerCase() === 'reselleradmin') ?? false;

/**
 * Swift's account_quotas: `X-Account-Meta-Quota-Bytes` bounds the bytes an account holds; only a
 * reseller sets or removes it (anyone else is 403, so an account's owner cannot lift its own
 * quota), and an object PUT or COPY that would pass it is 413.
 */
export const accountQuotas: SwiftMiddleware = {
  name: 'account_quotas',
  info: () => ({}),
  wrap: (next) => async (proxy, call) => {
    if (call.path.container === undefined) {
      if (call.method === 'POST' || call.method === 'PUT') {
        const value = header(call.headers, QUOTA);
        const removed = header(call.headers, REMOVE_QUOTA) !== undefined;
        if ((value !== undefined || removed) && !isReseller(call)) throw new SwiftError(403);
        if (value !== undefined && value !== '' && !/^\d+$/.test(value)) throw new SwiftError(400);
      }
      return next(proxy, call);
    }
    const upload = await uploadOf(next, proxy, call);
    if (!upload) return next(proxy, call);
    const current = await quotaHeaders(proxy, call, { account: upload.destination.account }, [QUOTA]);
    if (current) {
      const quota = quotaValue(current, QUOTA);
      const used = Number(current['x-account-bytes-used'] ?? 0);
      if (quota !== undefined && used + upload.bytes > quota) throw quotaExceeded();
    }
    return next(proxy, call);
  },
};
