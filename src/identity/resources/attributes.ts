/**
 * Free-form attributes. Keystone keeps whatever a client sends beyond an entity's known fields
 * (`email`, `description` of a user, ...) in an `extra` blob and shows it flat beside them.
 */
export type Attributes = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Attributes {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The attributes stored in an `extra` column; anything unreadable counts as none. */
export function parseAttributes(text: string | null | undefined): Attributes {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) ? value : {};
  } catch {
    return {};
  }
}

/** Keystone's `_normalize_dict`: `:` and `-` in attribute names become `_`. */
export function normalizeKeys(body: Attributes): Attributes {
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [key.replace(/[:-]/g, '_'), value]));
}

/** The attributes of a request body other than the entity's `known` fields. */
export function extraAttributes(body: Attributes, known: readonly string[]): Attributes {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !known.includes(key)));
}

/**
 * Resource options as Keystone applies an update: named options take the new value, a null
 * value removes the option, options not named keep theirs. Unknown options are dropped.
 */
export function mergeOptions(
  current: Attributes,
  update: Attributes | undefined,
  known: readonly string[],
): Attributes {
  const merged: Attributes = { ...current };
  for (const [name, value] of Object.entries(update ?? {})) {
    if (!known.includes(name)) continue;
    if (value === null) delete merged[name];
    else merged[name] = value;
  }
  return merged;
}

/**
 * Descriptions live in a NOT NULL column, so a client's explicit null is kept in `extra`. These
 * two move it there and back: `storedDescription` gives the extra to store, `readDescription`
 * takes it out of stored extra and gives the description to show.
 */
export function storedDescription(extra: Attributes, description: string | null): Attributes {
  return description === null ? { ...extra, description: null } : extra;
}

export function readDescription(extra: Attributes, column: string): string | null {
  const isNull = 'description' in extra && extra.description === null;
  delete extra.description;
  return isNull ? null : column;
}
