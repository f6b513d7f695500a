import { BadRequest } from '../../common/http/errors.js';
import type { JsonValue } from '../../common/python-format.js';

/** Characters outside the Basic Multilingual Plane (4 bytes in UTF-8), which MySQL's utf8 cannot hold. */
const FOUR_BYTE = /[\u{10000}-\u{10FFFF}]/u;

/** Python's `str.title()` on ASCII names: `display_name` is `Display_Name`. */
const title = (name: string) =>
  name.replace(/[A-Za-z]+/g, (word) => word[0].toUpperCase() + word.slice(1).toLowerCase());

function* refusals(values: Record<string, JsonValue>): Generator<string> {
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      yield* refusals(value);
      continue;
    }
    if (FOUR_BYTE.test(key)) yield "Property names can't contain 4 byte unicode.";
    if (typeof value === 'string' && FOUR_BYTE.test(value))
      yield `${title(key)} can't contain 4 byte unicode characters.`;
  }
}

/**
 * Glance refuses 4-byte characters in what it writes for a metadef (the columns as its database
 * layer receives them, nested definitions included) with this 400, whatever the database.
 * `action` is Glance's wording: `create metadata namespace`, `update metadata tag`...
 */
export function refuseFourByteText(action: string, values: Record<string, JsonValue>): void {
  const refusal = refusals(values).next();
  if (!refusal.done) throw new BadRequest(`Couldn't ${action}: ${refusal.value}`);
}
