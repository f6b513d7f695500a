import { randomUUID } from 'node:crypto';

/** Keystone's ids: a UUID4 as 32 hex digits, no dashes. */
export function newId(): string {
  return randomUUID().replaceAll('-', '');
}

/** Keystone's timestamps: ISO 8601 with microseconds and `Z`, e.g. `2026-11-21T00:25:42.000000Z`. */
export function isoTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
