import { randomUUID } from 'node:crypto';

/**
 * A transaction id as Swift makes them (`tx` + 21 hex digits + `-` + the time in hex), sent back
 * as `X-Trans-Id` and `X-Openstack-Request-Id` and passed to every storage node, so one request
 * can be followed through the logs of the whole cluster. `X-Trans-Id-Extra` is appended, as Swift does.
 */
export function newTransId(now: number, extra?: string): string {
  // Swift's `uuid4().hex[:21]`; randomUUID draws from a cache of random bytes, not a call per id.
  const id = `tx${randomUUID().replace(/-/g, '').slice(0, 21)}-${Math.floor(now / 1000)
    .toString(16)
    .padStart(10, '0')}`;
  return extra ? `${id}${encodeURIComponent(extra.slice(0, 32))}` : id;
}
