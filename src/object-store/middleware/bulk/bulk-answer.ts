import { STATUS_CODES } from 'node:http';
import { CONSTRAINTS } from '../../proxy/constraints.js';
import type { SwiftAnswer } from '../../proxy/swift-call.js';
import { SwiftError } from '../../proxy/swob.js';

/** What bulk operations (and SLO's checks) answer in: Swift's `ACCEPTABLE_FORMATS`, in its order. */
const ACCEPTABLE_FORMATS = ['text/plain', 'application/json', 'application/xml', 'text/xml'];

/** The longest name a bulk operation takes: a container and an object name, and their slashes. */
export const MAX_PATH_LENGTH = CONSTRAINTS.max_object_name_length + CONSTRAINTS.max_container_name_length + 2;

/** swob's titles where they differ from Node's. */
const SWOB_TITLES: Record<number, string> = { 499: 'Client Disconnect', 500: 'Internal Error' };

/** A status line as swob writes it: `404 Not Found`. */
export const statusLine = (status: number) =>
  `${status} ${SWOB_TITLES[status] ?? STATUS_CODES[status] ?? 'Unknown'}`;

/** A failed name of a bulk answer and why: `[quoted name, status line or reason]`. */
export type FailedName = [string, string];

/**
 * The format of a bulk answer: the acceptable type the `Accept` header prefers (its first on a
 * tie, plain text without one), or null when it accepts none of them (webob's `best_match`).
 */
export function bulkAnswerFormat(accept: string | undefined): string | null {
  if (!accept) return ACCEPTABLE_FORMATS[0];
  let best: { type: string; quality: number } | null = null;
  for (const part of accept.split(',')) {
    const [range, ...params] = part.trim().split(';');
    const qParam = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    const quality = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(quality) || quality <= 0) continue;
    const wanted = range.trim().toLowerCase();
    const match = ACCEPTABLE_FORMATS.find(
      (type) =>
        wanted === type ||
        wanted === '*/*' ||
        (wanted.endsWith('/*') && type.startsWith(wanted.slice(0, -1))),
    );
    if (match && (!best || quality > best.quality)) best = { type: match, quality };
  }
  return best?.type ?? null;
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The body of a bulk answer (Swift's `get_heartbeat_response_body`): the counts and status as
 * JSON with `Errors`, as XML under `root`, or as `Key: value` lines then `Errors:` and one
 * `name, status` line per failure.
 */
export function bulkAnswerBody(
  format: string,
  results: Record<string, string | number>,
  failed: FailedName[],
  root: string,
): string {
  if (format === 'application/json') return JSON.stringify({ ...results, Errors: failed });
  const keys = Object.keys(results).sort();
  if (format.endsWith('/xml')) {
    const fields = keys.map((key) => {
      const tag = key.replace(/ /g, '_').toLowerCase();
      return `<${tag}>${escapeXml(String(results[key]))}</${tag}>\n`;
    });
    const errors = failed.map(
      ([name, status]) =>
        `<object><name>${escapeXml(name)}</name><status>${escapeXml(status)}</status></object>\n`,
    );
    return `<${root}>\n${fields.join('')}<errors>\n${errors.join('')}</errors>\n</${root}>\n`;
  }
  const lines = keys.map((key) => `${key}: ${results[key]}\n`);
  return `${lines.join('')}Errors:\n${failed.map(([name, status]) => `${name}, ${status}\n`).join('')}`;
}

/** A bulk answer: 200 whatever happened (the body tells), as Swift's streamed bulk answers are. */
export function bulkAnswer(
  format: string | null,
  results: Record<string, string | number>,
  failed: FailedName[],
  root: string,
): SwiftAnswer {
  if (format === null) {
    results['Response Status'] = statusLine(406);
    return { status: 200, headers: {}, body: bulkAnswerBody('text/plain', results, failed, root) };
  }
  const body =
    (format.endsWith('/xml') ? '<?xml version="1.0" encoding="UTF-8"?>\n' : '') +
    bulkAnswerBody(format, results, failed, root);
  return { status: 200, headers: { 'content-type': format }, body };
}

/** Records a refusal met midway in the answer's status and body, as Swift's bulk handlers do. */
export function recordRefusal(results: Record<string, string | number>, error: unknown): void {
  if (!(error instanceof SwiftError)) throw error;
  results['Response Status'] = statusLine(error.status);
  results['Response Body'] = error.message;
}

/** Swift's `quote` of a name in a bulk answer (slashes kept). */
export const quoteName = (name: string) => encodeURIComponent(name).replace(/%2F/g, '/');
