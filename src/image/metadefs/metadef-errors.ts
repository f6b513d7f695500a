import { Conflict, Forbidden, NotFound } from '../../common/http/errors.js';

/** Glance's metadef refusals, in its words. */

/** The namespace does not exist. */
export class NamespaceNotFound extends NotFound {
  constructor(readonly namespace: string) {
    super(`Metadata definition namespace=${namespace} was not found.`);
  }
}

/** The namespace exists but is another project's private one. */
export class NamespaceNotVisible extends Forbidden {
  constructor(readonly namespace: string) {
    super(`Forbidding request, metadata definition namespace=${namespace} is not visible.`);
  }
}

/** How most metadef routes answer for a namespace the caller cannot see, or that does not exist. */
export const namespaceMissing = (namespace: string) => new NotFound(`Namespace ${namespace} not found`);

export const policyRefusal = (action: string) =>
  new Forbidden(`You are not authorized to complete ${action} action.`);

export const protectedFromDelete = (
  kind: 'namespace' | 'object' | 'property' | 'tag' | 'resource-type-association',
  name: string,
) => new Forbidden(`Metadata definition ${kind} ${name} is protected and cannot be deleted.`);

export const duplicateNamespace = (namespace: string) =>
  new Conflict(`The metadata definition namespace=${namespace} already exists.`);

export const namespaceRenameConflict = (namespace: string) =>
  new Conflict(
    `Invalid update. It would result in a duplicate metadata definition namespace with the same name of ${namespace}`,
  );

export const duplicateObject = (name: string, namespace: string) =>
  new Conflict(`A metadata definition object with name=${name} already exists in namespace=${namespace}.`);

export const objectRenameConflict = (name: string, namespace: string) =>
  new Conflict(
    `Invalid update. It would result in a duplicate metadata definition object with the same name=${name} in namespace=${namespace}.`,
  );

export const duplicateProperty = (name: string, namespace: string) =>
  new Conflict(`A metadata definition property with name=${name} already exists in namespace=${namespace}.`);

export const propertyRenameConflict = (name: string, namespace: string) =>
  new Conflict(
    `Invalid update. It would result in a duplicate metadata definition property with the same name=${name} in namespace=${namespace}.`,
  );

export const duplicateTag = (name: string, namespace: string) =>
  new Conflict(
    `A metadata tag with name=${name} already exists in namespace=${namespace}. (Please note that metadata tag names are case insensitive).`,
  );

export const duplicateAssociation = (resourceType: string, namespace: string) =>
  new Conflict(
    `The metadata definition resource-type association of resource-type=${resourceType} to namespace=${namespace} already exists.`,
  );

export const resourceTypeNotFound = (resourceType: string) =>
  new NotFound(`The metadata definition resource-type with name=${resourceType}, was not found.`);

export const associationNotFound = (resourceType: string, namespace: string) =>
  new NotFound(
    `The metadata definition resource-type association of resource-type=${resourceType} to namespace=${namespace}, was not found.`,
  );
