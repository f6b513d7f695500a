import { invalid } from './errors.js';

/** Keystone's limit on tags per project (and domain). */
export const MAX_TAGS = 80;

/** Tags as stored: without surrounding blanks, once each (stripping can make two tags one). */
export function cleanTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim()))];
}

/** The checks Keystone's tag list schema makes, on a list built from several requests. */
export function assertValidTagList(tags: readonly string[]): void {
  if (new Set(tags).size !== tags.length) {
    throw invalid("Invalid input for field 'tags': must NOT have duplicate items");
  }
  if (tags.length > MAX_TAGS) {
    throw invalid(`Invalid input for field 'tags': must NOT have more than ${MAX_TAGS} items`);
  }
}
