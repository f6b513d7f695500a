import { BadRequest } from '../../common/http/errors.js';

/**
 * The value syntax of Glance's list filters (the API-WG's): `op:value` for comparisons,
 * `in:a,"b,c"` for lists, ISO-8601 times.
 */

const ISO_8601 =
  /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Parses an ISO-8601 date or date-time (UTC when it names no zone); null when it is not one. */
export function parseIsoTime(text: string): Date | null {
  const match = ISO_8601.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '0', zone = 'Z'] = match;
  const millis = Math.round(Number(`0.${fraction}`) * 1000);
  let time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), millis);
  const date = new Date(time);
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d) || Number(h) > 23) return null;
  if (zone !== 'Z') {
    const [, sign, zh, zm = '0'] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
    time -= (sign === '+' ? 1 : -1) * (Number(zh) * 60 + Number(zm)) * 60_000;
  }
  return new Date(time);
}

/**
 * `gte:2016-01-01T00:00:00Z` → [`gte`, time]; a bare value compares for equality. A value that
 * is itself a time with colons (`2016-01-01T10:00:00Z`) has no operator.
 */
export function splitFilterOp(expression: string): [string, string] {
  const colon = expression.indexOf(':');
  if (colon < 0) return ['eq', expression];
  if (parseIsoTime(expression) !== null) return ['eq', expression];
  return [expression.slice(0, colon), expression.slice(colon + 1)];
}

function checkQuotes(value: string): void {
  let opening = true;
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '"' || (i > 0 && value[i - 1] === '\\')) continue;
    if (opening && i > 0 && value[i - 1] !== ',') {
      throw new BadRequest(`Invalid filter value ${value}. There is no comma before opening quotation mark.`);
    }
    if (!opening && i + 1 !== value.length && value[i + 1] !== ',') {
      throw new BadRequest(`Invalid filter value ${value}. There is no comma after closing quotation mark.`);
    }
    opening = !opening;
  }
  if (!opening) throw new BadRequest(`Invalid filter value ${value}. The quote is not closed.`);
}

/** The values of an `in:` filter: comma-separated, double quotes around values holding commas. */
export function splitInValues(value: string): string[] {
  checkQuotes(value);
  const values: string[] = [];
  const token = /"([^"\\]*(?:\\.[^"\\]*)*)",?|([^,]+),?|,/g;
  for (const match of value.matchAll(token)) values.push(match[1] ?? match[2] ?? '');
  return values;
}
