type Version = number[];

const COMPARISONS: Record<string, (order: number) => boolean> = {
  '<': (order) => order < 0,
  '<=': (order) => order <= 0,
  '==': (order) => order === 0,
  '>': (order) => order > 0,
  '>=': (order) => order >= 0,
  '!=': (order) => order !== 0,
};
const PREDICATE = /^\s*(<=|>=|<|>|!=|==)\s*([^\s,]+)\s*$/;

/** `6.2` as [6, 2]; a pre-release tail (`6.2rc1`) is dropped as oslo's versionutils does. */
function parseVersion(text: string): Version | undefined {
  const parts = text.replace(/(\d+)(a|alpha|b|beta|rc)\d+$/, '$1').split('.');
  if (parts.some((part) => !/^\d+$/.test(part))) return undefined;
  return parts.map(Number);
}

/** Python's tuple order: part by part, and a longer tuple after its own prefix. */
function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Nova's integer hypervisor version (1000 per part: 6000000 is 6.0.0) as text. */
export function versionFromInt(version: number): string {
  const parts: number[] = [];
  for (let rest = version; rest !== 0; rest = Math.floor(rest / 1000)) parts.unshift(rest % 1000);
  return parts.join('.');
}

/**
 * Whether a version meets a requirement such as `>=6.0,<6.2` (oslo's VersionPredicate, used by
 * Nova for `img_hv_requested_version`). A requirement that does not parse is never met.
 */
export function versionSatisfies(version: string, requirement: string): boolean {
  const actual = parseVersion(version);
  if (!actual) return false;
  return requirement.split(',').every((clause) => {
    const match = PREDICATE.exec(clause);
    const wanted = match && parseVersion(match[2]);
    return !!match && !!wanted && COMPARISONS[match[1]](compareVersions(actual, wanted));
  });
}
