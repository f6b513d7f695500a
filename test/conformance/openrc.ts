/** Reads the `openrc` files a cloud writes, the credentials every conformance client uses. */
import { readFileSync } from 'node:fs';

/** The OS_* variables of one openrc file, as a user gets them from `source openrc`. */
export type OpenRc = Record<string, string>;

const ASSIGNMENT = /^\s*(?:export\s+)?(OS_[A-Z0-9_]+)=(.*)$/;

/** A value as the shell reads it: bare, "double-quoted", or 'single-quoted' with '\'' for a quote. */
function unquote(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length >= 2 && trimmed.startsWith("'") && trimmed.endsWith("'")) {
    return trimmed.slice(1, -1).replaceAll(`'\\''`, "'");
  }
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) return trimmed.slice(1, -1);
  return trimmed;
}

/** Parses `export OS_X=value` lines; comments and other shell lines are ignored. */
export function parseOpenRc(text: string): OpenRc {
  const variables: OpenRc = {};
  for (const line of text.split('\n')) {
    const match = ASSIGNMENT.exec(line);
    if (match) variables[match[1]] = unquote(match[2]);
  }
  return variables;
}

const REQUIRED = ['OS_AUTH_URL', 'OS_USERNAME', 'OS_PASSWORD', 'OS_PROJECT_NAME'];

export function readOpenRc(path: string): OpenRc {
  const variables = parseOpenRc(readFileSync(path, 'utf8'));
  const missing = REQUIRED.filter((name) => !variables[name]);
  if (missing.length > 0) throw new Error(`${path} lacks ${missing.join(', ')}`);
  return variables;
}
