import { header } from '../../proxy/headers.js';
import { badRequest } from '../../proxy/swob.js';
import type { SwiftMiddleware } from '../swift-middleware.js';
import { quotaExceeded, quotaHeaders, quotaValue, uploadOf } from './upload-target.js';

const QUOTA_HEADERS: [string, string][] = [
  ['x-container-meta-quota-bytes', 'Invalid bytes quota.'],
  ['x-container-meta-quota-count', 'Invalid count quota.'],
];

/**
 * Swift's container_quotas: a container's `X-Container-Meta-Quota-Bytes` and `-Quota-Count`
 * (whole numbers, set by whoever may set its metadata) bound what object PUTs and COPYs may add
 * to it: a write that would pass either is 413.
 */
export const containerQuotas: SwiftMiddleware = {
  name: 'container_quotas',
  info: () => ({}),
  wrap: (next) => async (proxy, call) => {
    if (call.path.object === undefined && call.path.container !== undefined) {
      if (call.method === 'PUT' || call.method === 'POST') {
        for (const [name, message] of QUOTA_HEADERS) {
          const value = header(call.headers, name);
          if (value !== undefined && value !== '' && !/^\d+$/.test(value)) throw badRequest(message);
        }
      }
      return next(proxy, call);
    }
    const upload = await uploadOf(next, proxy, call);
    if (!upload) return next(proxy, call);
    const { account, container } = upload.destination;
    const current = await quotaHeaders(
      proxy,
      call,
      { account, container },
      QUOTA_HEADERS.map(([name]) => name),
    );
    if (current) {
      const bytesQuota = quotaValue(current, 'x-container-meta-quota-bytes');
      const used = Number(current['x-container-bytes-used'] ?? 0);
      if (bytesQuota !== undefined && used + upload.bytes > bytesQuota) throw quotaExceeded();
      const countQuota = quotaValue(current, 'x-container-meta-quota-count');
      const count = Number(current['x-container-object-count'] ?? 0);
      if (countQuota !== undefined && count + 1 > countQuota) throw quotaExceeded();
    }
    return next(proxy, call);
  },
};
