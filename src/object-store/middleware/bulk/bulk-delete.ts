import { header } from '../../proxy/headers.js';
import type { ProxyContext } from '../../proxy/proxy-context.js';
import type { SwiftAnswer, SwiftCall } from '../../proxy/swift-call.js';
import { SwiftError } from '../../proxy/swob.js';
import { answerOf, pathInAccount, subCall } from '../slo/sub-call.js';
import { dropBody, readAtMost } from '../../proxy/whole-body.js';
import type { SwiftApp, SwiftMiddleware } from '../swift-middleware.js';
import {
  bulkAnswer,
  bulkAnswerFormat,
  type FailedName,
  MAX_PATH_LENGTH,
  quoteName,
  recordRefusal,
  statusLine,
} from './bulk-answer.js';

/** Swift's bulk defaults (`max_deletes_per_request`, `max_failed_deletes`), published by `/info`. */
const MAX_DELETES_PER_REQUEST = 10000;
const MAX_FAILED_DELETES = 1000;

/** A name to delete, or why it cannot be (SLO's manifest delete hands in both). */
export interface NameToDelete {
  name: string;
  error?: { status: number; message: string };
}

/** The names of a bulk delete body: one per line, percent-encoded, blank lines skipped. */
async function namesToDelete(call: SwiftCall): Promise<NameToDelete[]> {
  const contentType = header(call.headers, 'content-type');
  if (contentType && !contentType.startsWith('text/plain')) throw new SwiftError(406);
  if (
    header(call.headers, 'content-length') === undefined &&
    header(call.headers, 'transfer-encoding')?.toLowerCase() !== 'chunked'
  ) {
    throw new SwiftError(411);
  }
  const body = await readAtMost(call.body, (MAX_DELETES_PER_REQUEST + 1) * (MAX_PATH_LENGTH + 1));
  if (body === undefined)
    throw new SwiftError(413, `Maximum Bulk Deletes: ${MAX_DELETES_PER_REQUEST} per request`);
  const names: NameToDelete[] = [];
  for (const line of body.toString('utf8').split('\n')) {
    const raw = line.trim();
    if (raw === '') continue;
    if (raw.length > MAX_PATH_LENGTH * 2) throw new SwiftError(400, 'Invalid File Name');
    let name = raw;
    try {
      name = decodeURIComponent(raw);
    } catch {
      // Kept as sent, as Swift's unquote keeps what is not an escape.
    }
    names.push({ name });
  }
  if (names.length > MAX_DELETES_PER_REQUEST) {
    throw new SwiftError(413, `Maximum Bulk Deletes: ${MAX_DELETES_PER_REQUEST} per request`);
  }
  return names;
}

/**
 * Deletes `names` (`container/object` or `container`) in the account of `call`, objects first
 * so that containers they empty can go after them, and answers as Swift's bulk delete: the
 * numbers deleted and not found, the names that failed, and a status for the whole.
 */
export async function deleteNames(
  app: SwiftApp,
  proxy: ProxyContext,
  call: SwiftCall,
  names: NameToDelete[] | (() => Promise<NameToDelete[]>),
): Promise<SwiftAnswer> {
  const format = bulkAnswerFormat(header(call.headers, 'accept'));
  const results: Record<string, string | number> = {
    'Response Status': statusLine(200),
    'Response Body': '',
    'Number Deleted': 0,
    'Number Not Found': 0,
  };
  const failed: FailedName[] = [];
  let failureStatus = 400;
  try {
    if (format === null) throw new SwiftError(406);
    const list = typeof names === 'function' ? await names() : names;
    const isObject = (name: string) => name.replace(/^\/+|\/+$/g, '').includes('/');
    for (const wantObjects of [true, false]) {
      for (const entry of list.filter((item) => item.name !== '' && isObject(item.name) === wantObjects)) {
        if (entry.error) {
          if (entry.error.status === 404)
            results['Number Not Found'] = Number(results['Number Not Found']) + 1;
          else failed.push([quoteName(entry.name), entry.error.message]);
          continue;
        }
        const trimmed = entry.name.replace(/^\/+/, '');
        const slash = trimmed.indexOf('/');
        const path =
          slash < 0
            ? pathInAccount(call, trimmed)
            : pathInAccount(call, trimmed.slice(0, slash), trimmed.slice(slash + 1));
        const answer = await answerOf(app, proxy, subCall(call, 'DELETE', path));
        dropBody(answer);
        if (answer.status >= 200 && answer.status < 300) {
          results['Number Deleted'] = Number(results['Number Deleted']) + 1;
        } else if (answer.status === 404) {
          results['Number Not Found'] = Number(results['Number Not Found']) + 1;
        } else {
          if (answer.status >= 500) failureStatus = 502;
          failed.push([quoteName(entry.name), statusLine(answer.status)]);
        }
        if (failed.length >= MAX_FAILED_DELETES) throw new SwiftError(400, 'Max delete failures exceeded');
      }
    }
    if (failed.length > 0) results['Response Status'] = statusLine(failureStatus);
    else if (results['Number Deleted'] === 0 && results['Number Not Found'] === 0) {
      results['Response Status'] = statusLine(400);
      results['Response Body'] = 'Invalid bulk delete.';
    }
  } catch (error) {
    recordRefusal(results, error);
  }
  return bulkAnswer(format, results, failed, 'delete');
}

/**
 * Swift's bulk delete: `POST` or `DELETE` of `?bulk-delete` with a newline separated list of
 * `container/object` and `container` names, deleted with the caller's rights.
 */
export const bulkDeleteMiddleware: SwiftMiddleware = {
  name: 'bulk_delete',
  info: () => ({ max_deletes_per_request: MAX_DELETES_PER_REQUEST, max_failed_deletes: MAX_FAILED_DELETES }),
  wrap: (next) => (proxy, call) => {
    if (call.query['bulk-delete'] === undefined || !['POST', 'DELETE'].includes(call.method)) {
      return next(proxy, call);
    }
    return deleteNames(next, proxy, call, () => namesToDelete(call));
  },
};
