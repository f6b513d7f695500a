import { BadRequest, Conflict, Forbidden } from '../../common/http/errors.js';
import type { ImagePolicy } from '../api/image-access.js';
import { refuseReservedName } from '../create/create-input.js';
import { RESERVED_NAMESPACE, type Image, type Visibility } from '../model/image.js';
import { PROPERTY_QUOTA, propertyQuotaExceeded, TAG_QUOTA, TooLarge, tagQuotaMessage } from '../quota.js';
import type { ImageChange } from './parse-changes.js';

/** The attributes of Glance's Image object a PATCH may set (the read-only ones were refused). */
const CORE = new Set([
  'name',
  'visibility',
  'protected',
  'os_hidden',
  'min_disk',
  'min_ram',
  'disk_format',
  'container_format',
  'owner',
  'tags',
]);

export interface PatchCaller {
  policy: ImagePolicy;
  isAdmin: boolean;
}

/** Locations are never shown (show_multiple_locations is off), so they cannot be changed. */
function changeLocations(change: ImageChange, caller: PatchCaller): never {
  if (change.op === 'remove') {
    caller.policy.enforce('delete_image_location');
    throw new Forbidden("It's not allowed to remove locations if locations are invisible.");
  }
  if (change.op === 'replace' && (!Array.isArray(change.value) || change.value.length === 0)) {
    throw new Forbidden('Cannot set locations to empty list.');
  }
  caller.policy.enforce('set_image_location');
  const verb = change.op === 'add' ? 'add' : 'update';
  throw new Forbidden(`It's not allowed to ${verb} locations if locations are invisible.`);
}

/** Sets a core attribute with the checks Glance's Image setters make. */
function setCore(image: Image, name: string, value: unknown): void {
  switch (name) {
    case 'disk_format':
    case 'container_format':
      if (image.status !== 'queued' && image.status !== 'importing') {
        throw new Forbidden(`Attribute ${name} can be only replaced for a queued image.`);
      }
      image[name] = value as string | null;
      return;
    case 'min_disk':
    case 'min_ram':
      if ((value as number) < 0) {
        throw new BadRequest(
          `Invalid value '${String(value)}' for parameter '${name}': Cannot be a negative value`,
        );
      }
      image[name] = value as number;
      return;
    case 'tags': {
      const tags = [...new Set(value as string[])];
      if (tags.length > TAG_QUOTA) throw new TooLarge(tagQuotaMessage(tags.length));
      image.tags = tags;
      return;
    }
    case 'visibility':
      image.visibility = value as Visibility;
      return;
    case 'name':
    case 'owner':
      image[name] = value as string | null;
      return;
    case 'protected':
    case 'os_hidden':
      image[name] = value as boolean;
  }
}

/**
 * Applies checked changes to an image in order, as Glance's controller does: each needs
 * modify_image (and publicize/communitize for those visibilities); `replace` and `remove` need
 * the property to exist; core attributes cannot be removed; a 2.0 `add` may not overwrite.
 * Nothing is saved here: one failing change fails the whole request.
 */
export function applyChanges(image: Image, changes: ImageChange[], caller: PatchCaller): Image {
  const updated: Image = { ...image, properties: { ...image.properties }, tags: [...image.tags] };
  for (const change of changes) {
    const name = change.path[0];
    if (name === 'locations') changeLocations(change, caller);
    if (name === 'owner' && change.op !== 'remove' && !caller.isAdmin) {
      throw new Forbidden("Owner can't be updated by non admin.");
    }
    if (name === 'visibility') caller.policy.enforceVisibility(change.value);
    caller.policy.enforce('modify_image');
    const core = CORE.has(name);
    const exists = core || Object.hasOwn(updated.properties, name);
    if (change.op === 'remove') {
      if (core) throw new Forbidden(`Property ${name} may not be removed.`);
      if (!exists) throw new Conflict(`Property ${name} does not exist.`);
      delete updated.properties[name];
      continue;
    }
    if (change.op === 'replace' && !exists) throw new Conflict(`Property ${name} does not exist.`);
    if (change.op === 'add' && exists && change.draft === 4)
      throw new Conflict(`Property ${name} already present.`);
    if (core) setCore(updated, name, change.value);
    else {
      refuseReservedName(name);
      updated.properties[name] = change.value as string;
    }
  }
  checkPropertyQuota(image, updated);
  return updated;
}

/** Glance counts properties against image_property_quota only when a change adds new ones. */
function checkPropertyQuota(before: Image, after: Image): void {
  const names = Object.keys(after.properties);
  if (!names.some((name) => !Object.hasOwn(before.properties, name))) return;
  const counted = names.filter((name) => !name.startsWith(RESERVED_NAMESPACE)).length;
  if (counted > PROPERTY_QUOTA) throw propertyQuotaExceeded(counted);
}
