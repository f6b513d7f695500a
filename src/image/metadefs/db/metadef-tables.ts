import type { Generated } from 'kysely';

/**
 * The metadef tables (0/1 integers for booleans, ISO-8601 text for times, JSON text for
 * definitions). Ids are internal: clients name namespaces, objects, properties and tags by name.
 * Deleting a namespace deletes what it holds (foreign keys cascade); resource types stay.
 */

export interface MetadefNamespaceTable {
  id: Generated<number>;
  namespace: string;
  display_name: string | null;
  description: string | null;
  visibility: string;
  protected: number;
  owner: string;
  created_at: string;
  updated_at: string;
}

export interface MetadefObjectTable {
  id: Generated<number>;
  namespace_id: number;
  name: string;
  description: string | null;
  /** JSON list of the required property names. */
  required: string;
  /** JSON object of property definitions by name. */
  json_schema: string;
  created_at: string;
  updated_at: string;
}

export interface MetadefPropertyTable {
  id: Generated<number>;
  namespace_id: number;
  name: string;
  /** JSON: the property definition. */
  json_schema: string;
  created_at: string;
  updated_at: string;
}

export interface MetadefTagTable {
  id: Generated<number>;
  namespace_id: number;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface MetadefResourceTypeTable {
  id: Generated<number>;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface MetadefNamespaceResourceTypeTable {
  namespace_id: number;
  resource_type_id: number;
  prefix: string | null;
  properties_target: string | null;
  created_at: string;
  updated_at: string;
}

export interface MetadefTables {
  metadef_namespace: MetadefNamespaceTable;
  metadef_object: MetadefObjectTable;
  metadef_property: MetadefPropertyTable;
  metadef_tag: MetadefTagTable;
  metadef_resource_type: MetadefResourceTypeTable;
  metadef_namespace_resource_type: MetadefNamespaceResourceTypeTable;
}
