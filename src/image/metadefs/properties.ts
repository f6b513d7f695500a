import type { RequestContext } from '../../common/auth/context.js';
import { NotFound } from '../../common/http/errors.js';
import type { ImageDeps } from '../deps.js';
import {
  deleteProperty,
  findProperty,
  insertProperty,
  listProperties,
  saveProperty,
} from './db/properties-repo.js';
import { findResourceTypeId, listAssociations } from './db/resource-types-repo.js';
import { refuseFourByteText } from './four-byte-text.js';
import { associationNotFound, protectedFromDelete, resourceTypeNotFound } from './metadef-errors.js';
import { MetadefPolicy } from './metadef-policy.js';
import type { MetadefProperty, Namespace, PropertyDefinition } from './model.js';
import { namespaceOrMissing } from './namespace-access.js';

/** A named property definition, as the property routes take and answer it. */
export interface NamedProperty {
  name: string;
  definition: PropertyDefinition;
}

async function propertyNamespace(deps: ImageDeps, context: RequestContext, name: string, rule: string) {
  const namespace = await namespaceOrMissing(deps, context, name);
  const policy = new MetadefPolicy(deps.policy, context, namespace);
  policy.enforce(rule);
  return { namespace, policy };
}

async function existingProperty(
  deps: ImageDeps,
  namespace: Namespace,
  name: string,
): Promise<MetadefProperty> {
  const property = await findProperty(deps.db, namespace.id, name);
  if (property === undefined) throw new NotFound(`Could not find property ${name}`);
  return property;
}

/**
 * A property's name without the prefix of the namespace's association with `resourceType`
 * (`hw_cpu_cores` for OS::Glance::Image is `cpu_cores`); a name without that prefix is not found.
 */
async function unprefixed(deps: ImageDeps, namespace: Namespace, name: string, resourceType: string) {
  if ((await findResourceTypeId(deps.db, resourceType)) === undefined)
    throw resourceTypeNotFound(resourceType);
  const associations = (await listAssociations(deps.db, [namespace.id])).get(namespace.id) ?? [];
  const association = associations.find((candidate) => candidate.name === resourceType);
  if (association === undefined) throw associationNotFound(resourceType, namespace.namespace);
  const prefix = association.prefix;
  if (prefix && name.startsWith(prefix)) return name.slice(prefix.length);
  throw new NotFound(
    `Property ${name} does not start with the expected resource type association prefix of '${prefix ?? 'None'}'.`,
  );
}

export async function listNamespaceProperties(
  deps: ImageDeps,
  context: RequestContext,
  namespaceName: string,
): Promise<MetadefProperty[]> {
  const { namespace } = await propertyNamespace(deps, context, namespaceName, 'get_metadef_properties');
  return listProperties(deps.db, namespace.id);
}

/** A property by name, or by its prefixed name for a resource type (`?resource_type=OS::Glance::Image`). */
export async function showProperty(
  deps: ImageDeps,
  context: RequestContext,
  namespaceName: string,
  name: string,
  resourceType?: string,
): Promise<MetadefProperty> {
  const { namespace, policy } = await propertyNamespace(deps, context, namespaceName, 'get_metadef_property');
  let propertyName = name;
  if (resourceType) {
    policy.enforce('get_metadef_resource_type');
    propertyName = await unprefixed(deps, namespace, name, resourceType);
  }
  return existingProperty(deps, namespace, propertyName);
}

export async function createProperty(
  deps: ImageDeps,
  context: RequestContext,
  namespaceName: string,
  property: NamedProperty,
): Promise<void> {
  const { namespace } = await propertyNamespace(deps, context, namespaceName, 'add_metadef_property');
  refuseFourByteText('create metadata property', { name: property.name, json_schema: property.definition });
  await insertProperty(deps.db, namespace, property, deps.now().toISOString());
}

/** Replaces a property's definition, and may rename it. */
export async function updateProperty(
  deps: ImageDeps,
  context: RequestContext,
  namespaceName: string,
  name: string,
  property: NamedProperty,
): Promise<void> {
  const { namespace } = await propertyNamespace(deps, context, namespaceName, 'modify_metadef_property');
  const existing = await existingProperty(deps, namespace, name);
  refuseFourByteText('update metadata property', { name: property.name, json_schema: property.definition });
  const updated = { ...existing, ...property };
  await saveProperty(deps.db, namespace.namespace, updated, existing.name, deps.now().toISOString());
}

export async function deleteNamespaceProperty(
  deps: ImageDeps,
  context: RequestContext,
  namespaceName: string,
  name: string,
): Promise<void> {
  const { namespace } = await propertyNamespace(deps, context, namespaceName, 'remove_metadef_property');
  const property = await existingProperty(deps, namespace, name);
  if (namespace.protected) throw protectedFromDelete('property', property.name);
  await deleteProperty(deps.db, property.id);
}
