import type { ImageMember } from '../db/members-repo.js';
import type { Image } from '../model/image.js';

/** Glance shows times to the second: `2026-11-21T01:03:24Z`. */
const isoSeconds = (time: string) => `${time.slice(0, 19)}Z`;

/** Extra properties Glance keeps for itself and never shows. */
const HIDDEN_PROPERTIES = new Set(['os_glance_stage_host']);

/**
 * An image as Glance shows it: extra properties first, then the core attributes (which win over
 * a property of the same name), tags, links, and `stores` once it has data.
 */
export function imageView(image: Image): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(image.properties)) {
    if (!HIDDEN_PROPERTIES.has(name)) view[name] = value;
  }
  Object.assign(view, {
    name: image.name,
    disk_format: image.disk_format,
    container_format: image.container_format,
    visibility: image.visibility,
    size: image.size,
    virtual_size: image.virtual_size,
    status: image.status,
    checksum: image.checksum,
    protected: image.protected,
    min_ram: image.min_ram,
    min_disk: image.min_disk,
    owner: image.owner,
    os_hidden: image.os_hidden,
    os_hash_algo: image.os_hash_algo,
    os_hash_value: image.os_hash_value,
    id: image.id,
    created_at: isoSeconds(image.created_at),
    updated_at: isoSeconds(image.updated_at),
    tags: [...image.tags],
    self: `/v2/images/${image.id}`,
    file: `/v2/images/${image.id}/file`,
    schema: '/v2/schemas/image',
  });
  if (image.store !== null) view.stores = image.store;
  return view;
}

export function memberView(member: ImageMember): Record<string, unknown> {
  return {
    member_id: member.member_id,
    image_id: member.image_id,
    status: member.status,
    created_at: isoSeconds(member.created_at),
    updated_at: isoSeconds(member.updated_at),
    schema: '/v2/schemas/member',
  };
}
