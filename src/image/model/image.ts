import type { IMAGE_STATUSES, VISIBILITIES } from '../docs/image-schema.js';

export type ImageStatus = (typeof IMAGE_STATUSES)[number];
export type Visibility = (typeof VISIBILITIES)[number];
export type MemberStatus = 'pending' | 'accepted' | 'rejected';

/** An image record: Glance's core attributes, its extra (custom) properties and its tags. */
export interface Image {
  id: string;
  name: string | null;
  status: ImageStatus;
  visibility: Visibility;
  /** The owning project; null only for images made without one. */
  owner: string | null;
  disk_format: string | null;
  container_format: string | null;
  size: number | null;
  virtual_size: number | null;
  checksum: string | null;
  os_hash_algo: string | null;
  os_hash_value: string | null;
  min_disk: number;
  min_ram: number;
  protected: boolean;
  os_hidden: boolean;
  /** ISO-8601 with milliseconds, UTC. */
  created_at: string;
  updated_at: string;
  /** The store holding the image's data (`file`), or null when it has none. */
  store: string | null;
  properties: Record<string, string>;
  tags: string[];
}

/** Glance's InvalidImageStatusTransition message. */
export function transitionRefusal(from: ImageStatus, to: ImageStatus): string {
  return `Image status transition from ${from} to ${to} is not allowed`;
}

/**
 * Data may only be saved once both formats are known; the message Glance gives otherwise, or
 * null when the image is ready.
 */
export function missingFormats(image: Pick<Image, 'disk_format' | 'container_format'>): string | null {
  const missing = (['disk_format', 'container_format'] as const).filter((key) => !image[key]);
  if (missing.length === 0) return null;
  return missing.length === 1
    ? `Property ${missing[0]} must be set prior to saving data.`
    : `Properties ${missing.join(', ')} must be set prior to saving data.`;
}

/** Extra properties in this namespace belong to Glance itself; clients may not set them. */
export const RESERVED_NAMESPACE = 'os_glance';
