import type { AssociationInput, NamespaceInput, ObjectInput } from '../../metadefs/input/metadef-input.js';
import type { NamespaceDetail } from '../../metadefs/namespaces.js';
import type {
  MetadefTag,
  Namespace,
  PropertyDefinition,
  ResourceType,
  ResourceTypeAssociation,
} from '../../metadefs/model.js';

/**
 * Metadefs as Glance shows them: attributes in its models' order, absent when unset (null),
 * times to the second.
 */

const isoSeconds = (time: string) => `${time.slice(0, 19)}Z`;

type View = Record<string, unknown>;

/** Copies the attributes that are set. */
function setOnly(view: View, fields: Record<string, unknown>): View {
  for (const [name, value] of Object.entries(fields))
    if (value !== undefined && value !== null) view[name] = value;
  return view;
}

const times = (entity: { created_at?: string; updated_at?: string }) =>
  entity.created_at === undefined
    ? {}
    : { created_at: isoSeconds(entity.created_at), updated_at: isoSeconds(entity.updated_at!) };

/** A property definition; `name` (when known) comes first, as in Glance's model. */
export function propertyView(definition: PropertyDefinition, name?: string): View {
  if (name === undefined) return { ...definition };
  const { name: _stored, ...rest } = definition;
  return { name, ...rest };
}

export const propertiesView = (properties: Record<string, PropertyDefinition>) =>
  Object.fromEntries(
    Object.entries(properties).map(([name, definition]) => [name, propertyView(definition)]),
  );

type ObjectShape = ObjectInput & { created_at?: string; updated_at?: string };

/** An object; `links` adds its `self` and `schema` (absent in a new namespace's echo). */
export function objectView(namespace: string, object: ObjectShape, links = true): View {
  const view = setOnly(
    {},
    {
      name: object.name,
      required: object.required,
      description: object.description,
      properties: object.properties && propertiesView(object.properties),
      ...times(object),
    },
  );
  if (!links) return view;
  return {
    ...view,
    self: `/v2/metadefs/namespaces/${namespace}/objects/${object.name}`,
    schema: '/v2/schemas/metadefs/object',
  };
}

export const associationView = (
  association: AssociationInput & { created_at?: string; updated_at?: string },
) =>
  setOnly(
    {},
    {
      name: association.name,
      prefix: association.prefix,
      properties_target: association.properties_target,
      ...times(association),
    },
  );

export const resourceTypeView = (resourceType: ResourceType) => ({
  name: resourceType.name,
  ...times(resourceType),
});

export const tagView = (tag: MetadefTag) => ({ name: tag.name, ...times(tag) });

/** What a namespace holds, shown in it: each kind only when there is some (or was given, in an echo). */
interface NamespaceContent {
  resource_type_associations?: Array<ResourceTypeAssociation | AssociationInput>;
  properties?: Record<string, PropertyDefinition>;
  objects?: ObjectShape[];
  tags?: Array<{ name: string }>;
  /** Objects with their links and times (stored ones), or as given. */
  stored: boolean;
}

export function namespaceView(namespace: Namespace, content: NamespaceContent = { stored: true }): View {
  const name = namespace.namespace;
  return setOnly(
    {},
    {
      namespace: name,
      display_name: namespace.display_name,
      description: namespace.description,
      visibility: namespace.visibility,
      protected: namespace.protected,
      owner: namespace.owner,
      created_at: isoSeconds(namespace.created_at),
      updated_at: isoSeconds(namespace.updated_at),
      resource_type_associations: content.resource_type_associations?.map(associationView),
      properties: content.properties && propertiesView(content.properties),
      objects: content.objects?.map((object) => objectView(name, object, content.stored)),
      tags: content.tags?.map((tag) => ({ name: tag.name })),
      self: `/v2/metadefs/namespaces/${name}`,
      schema: '/v2/schemas/metadefs/namespace',
    },
  );
}

const unlessEmpty = <T>(items: T[]) => (items.length > 0 ? items : undefined);

/** A namespace with its content, as shown alone (or, associations only, in a list). */
export function namespaceDetailView(detail: Partial<NamespaceDetail> & { namespace: Namespace }): View {
  const properties = detail.properties ?? {};
  return namespaceView(detail.namespace, {
    resource_type_associations: unlessEmpty(detail.associations ?? []),
    properties: Object.keys(properties).length > 0 ? properties : undefined,
    objects: unlessEmpty(detail.objects ?? []),
    tags: unlessEmpty(detail.tags ?? []),
    stored: true,
  });
}

/** A new namespace as Glance answers its creation: what was given, echoed. */
export function createdNamespaceView(namespace: Namespace, input: NamespaceInput): View {
  return namespaceView(namespace, {
    resource_type_associations: input.resource_type_associations,
    properties: input.properties,
    objects: input.objects,
    tags: input.tags,
    stored: false,
  });
}
