import { badRequest } from './swob.js';

/**
 * Swift's container ACLs (swift/common/middleware/acl.py): a comma-separated list of referrer
 * designations (`.r:*`, `.r:.example.com`, `.r:-bad.example.com`), `.rlistings`, and groups
 * (`<project>:<user>`, `<project>:*`, role names).
 */
export interface ParsedAcl {
  referrers: string[];
  groups: string[];
}

const REFERRER_DESIGNATORS = ['.r', '.ref', '.referer', '.referrer'];

/**
 * Swift's `clean_acl`: the ACL as stored (`.referrer : *` becomes `.r:*`, spaces and empty items
 * dropped); referrers in a write ACL and unknown designators are refused with 400.
 */
export function cleanAcl(header: string, value: string): string {
  const write = header.toLowerCase().includes('write');
  const cleaned: string[] = [];
  for (const raw of value.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const colon = item.indexOf(':');
    if (colon < 0) {
      cleaned.push(item);
      continue;
    }
    const first = item.slice(0, colon).trim();
    let second = item.slice(colon + 1).trim();
    if (first === '' || !first.startsWith('.')) {
      cleaned.push(item);
    } else if (REFERRER_DESIGNATORS.includes(first)) {
      if (write) throw badRequest(`Referrers not allowed in write ACL: '${item}'`);
      const negate = second.startsWith('-');
      if (negate) second = second.slice(1).trim();
      if (second !== '*' && second.startsWith('*')) second = second.slice(1).trim();
      if (second === '' || second === '.') {
        throw badRequest(`No host/domain value after referrer designation in ACL: '${item}'`);
      }
      cleaned.push(`.r:${negate ? '-' : ''}${second}`);
    } else {
      throw badRequest(`Unknown designator '${first}' in ACL: '${item}'`);
    }
  }
  return cleaned.join(',');
}

/** Swift's `parse_acl` (v1): referrer designations without `.r:`, and the rest as groups. */
export function parseAcl(acl: string | undefined): ParsedAcl {
  const referrers: string[] = [];
  const groups: string[] = [];
  for (const item of (acl ?? '').split(',')) {
    if (item === '') continue;
    if (item.startsWith('.r:')) referrers.push(item.slice(3));
    else groups.push(safeDecode(item));
  }
  return { referrers, groups };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Swift's `referrer_allowed`: whether the `Referer` host matches the ACL's referrer designations. */
export function referrerAllowed(referer: string | undefined, referrers: string[]): boolean {
  if (referrers.length === 0) return false;
  let host = 'unknown';
  try {
    host = new URL(referer ?? '').hostname || 'unknown';
  } catch {
    // No Referer, or not a URL: only `*` matches.
  }
  let allow = false;
  for (const designation of referrers) {
    if (designation.startsWith('-')) {
      const denied = designation.slice(1);
      if (denied === host || (denied.startsWith('.') && host.endsWith(denied))) allow = false;
    } else if (
      designation === '*' ||
      designation === host ||
      (designation.startsWith('.') && host.endsWith(designation))
    ) {
      allow = true;
    }
  }
  return allow;
}
