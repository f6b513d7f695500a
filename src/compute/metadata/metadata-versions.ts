/**
 * The versions of the two metadata trees, as Nova names them. EC2's are Amazon's; OpenStack's
 * are the dates of the releases that changed the tree. The list is Zed's (the API level we
 * speak): `dedicated_cpus` (Victoria) is the newest addition.
 */
export const EC2_VERSIONS = [
  '1.0',
  '2007-01-19',
  '2007-03-01',
  '2007-08-29',
  '2007-10-10',
  '2007-12-15',
  '2008-02-01',
  '2008-09-01',
  '2009-04-04',
] as const;

export const FOLSOM = '2012-08-10';
export const GRIZZLY = '2013-04-04';
export const HAVANA = '2013-10-17';
export const LIBERTY = '2015-10-15';
export const NEWTON_ONE = '2016-06-30';
export const NEWTON_TWO = '2016-10-06';
export const OCATA = '2017-02-22';
export const ROCKY = '2018-08-27';
export const VICTORIA = '2020-10-14';

export const OPENSTACK_VERSIONS = [
  FOLSOM,
  GRIZZLY,
  HAVANA,
  LIBERTY,
  NEWTON_ONE,
  NEWTON_TWO,
  OCATA,
  ROCKY,
  VICTORIA,
] as const;

/** `latest` names the newest version of either tree. */
export const LATEST = 'latest';

/**
 * The version a request names, `latest` resolved, or null when the tree has no such version
 * (Nova's InvalidMetadataVersion, a 404).
 */
export function resolveVersion(versions: readonly string[], requested: string): string | null {
  if (requested === LATEST) return versions[versions.length - 1];
  return versions.includes(requested) ? requested : null;
}

/** Whether `version` (a resolved one of `versions`) is `required` or newer (Nova's `_check_version`). */
export function isAtLeast(versions: readonly string[], version: string, required: string): boolean {
  return versions.indexOf(version) >= versions.indexOf(required);
}
