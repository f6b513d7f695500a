import type { MetadefTables } from '../metadefs/db/metadef-tables.js';

/** Image's tables (0/1 integers for booleans and ISO-8601 text for times, as identity's). */

export interface ImageTable {
  id: string;
  name: string | null;
  status: string;
  visibility: string;
  owner: string | null;
  disk_format: string | null;
  container_format: string | null;
  /** bigint: PostgreSQL hands these back as strings, so readers convert with Number(). */
  size: number | string | null;
  virtual_size: number | string | null;
  checksum: string | null;
  os_hash_algo: string | null;
  os_hash_value: string | null;
  min_disk: number;
  min_ram: number;
  protected: number;
  os_hidden: number;
  /** The store holding the data (`file`), null while there is none. */
  store: string | null;
  created_at: string;
  updated_at: string;
}

export interface ImagePropertyTable {
  image_id: string;
  name: string;
  value: string;
}

export interface ImageTagTable {
  image_id: string;
  value: string;
  /** Tags list in the order they were added. */
  position: number;
}

export interface ImageMemberTable {
  image_id: string;
  /** The project the image is shared with. */
  member: string;
  status: string;
  created_at: string;
  updated_at: string;
}

/** Import tasks, as `GET /v2/images/{id}/tasks` lists them. */
export interface ImageTaskTable {
  id: string;
  image_id: string;
  type: string;
  status: string;
  owner: string | null;
  user_id: string;
  request_id: string;
  /** JSON text. */
  input: string;
  /** JSON text, null until the task ends. */
  result: string | null;
  message: string;
  created_at: string;
  updated_at: string;
  expires_at: string | null;
}

export interface ImageSchema extends MetadefTables {
  image: ImageTable;
  image_property: ImagePropertyTable;
  image_tag: ImageTagTable;
  image_member: ImageMemberTable;
  image_task: ImageTaskTable;
}
