import type { JsonValue } from '../../common/python-format.js';

/**
 * Glance's metadata definitions: namespaces holding property definitions, objects (named groups
 * of properties), tags, and associations with the resource types (`OS::Glance::Image`,
 * `OS::Nova::Flavor`...) the namespace applies to.
 */

export type NamespaceVisibility = 'public' | 'private';

export interface Namespace {
  /** Internal key; clients name a namespace by `namespace`. */
  id: number;
  namespace: string;
  display_name: string | null;
  description: string | null;
  visibility: NamespaceVisibility;
  /** A protected namespace, and what it holds, cannot be deleted. */
  protected: boolean;
  owner: string;
  created_at: string;
  updated_at: string;
}

/**
 * A property definition as Glance keeps it: the attributes the client gave (`type`, `title`,
 * `enum`...), converted as Glance's WSME model converts them, in that model's order. `default`
 * may be null (Glance drops a default that is an object or a list).
 */
export type PropertyDefinition = Record<string, JsonValue>;

export interface MetadefObject {
  id: number;
  name: string;
  description: string | null;
  required: string[];
  properties: Record<string, PropertyDefinition>;
  created_at: string;
  updated_at: string;
}

export interface MetadefProperty {
  id: number;
  name: string;
  definition: PropertyDefinition;
}

export interface MetadefTag {
  id: number;
  name: string;
  created_at: string;
  updated_at: string;
}

/** A resource type as `GET /v2/metadefs/resource_types` lists it. */
export interface ResourceType {
  name: string;
  created_at: string;
  updated_at: string;
}

/** A namespace's association with a resource type. */
export interface ResourceTypeAssociation extends ResourceType {
  /** Prepended to the namespace's property names when applied to this resource type (`hw_`). */
  prefix: string | null;
  /** Which of the resource's key/value sets the properties go to (Cinder's `image` or `volume`). */
  properties_target: string | null;
}
