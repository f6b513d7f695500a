import { clientError } from '../catalog/keystone-errors.js';

/**
 * `expires_at` of an application credential, read as Keystone's parse_expiration_date reads it:
 * an ISO 8601 time in UTC (a trailing `Z` optional), not in the past. Keystone keeps
 * microseconds and shows the time back without a zone, so the text is kept at that precision
 * rather than going through Date, which only has milliseconds.
 */
const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6})\d*)?)?)?Z?$/;

/** The stored form: `YYYY-MM-DDTHH:MM:SS.ffffffZ`. Throws 400 when malformed or past. */
export function parseExpiry(text: string, now: Date): string {
  const match = ISO_UTC.exec(text);
  if (!match) throw malformed();
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = ''] = match;
  const date = new Date(Date.UTC(+year, +month - 1, +day, +hour, +minute, +second));
  const roundTrips =
    date.getUTCFullYear() === +year &&
    date.getUTCMonth() === +month - 1 &&
    date.getUTCDate() === +day &&
    date.getUTCHours() === +hour &&
    date.getUTCMinutes() === +minute &&
    date.getUTCSeconds() === +second;
  if (!roundTrips) throw malformed();
  const micros = fraction.padEnd(6, '0');
  const stored = `${year}-${month}-${day}T${hour}:${minute}:${second}.${micros}Z`;
  if (expiryTime(stored).getTime() < now.getTime()) {
    throw clientError("The 'expires_at' must not be before now.");
  }
  return stored;
}

/** The stored text as a Date (to the millisecond). */
export function expiryTime(stored: string): Date {
  return new Date(stored);
}

/** As Keystone shows it: `2030-01-02T03:04:05.000000`, no zone. */
export function showExpiry(stored: string | null): string | null {
  return stored === null ? null : stored.replace(/Z$/, '');
}

function malformed() {
  return clientError('Timestamp not in expected format.');
}
