import { badRequest } from '../../errors.js';
import type { AttributeMap } from './attributes.js';
import type { CallContext } from './definition.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The owner under both names, as neutron-lib's populate_project_info: one given sets the
 * other, both given must match, and only an admin may name a project not its own.
 */
function populateProject(call: CallContext, values: Record<string, unknown>, isCreate: boolean): void {
  if ('tenant_id' in values && !('project_id' in values)) values.project_id = values.tenant_id;
  else if ('project_id' in values && !('tenant_id' in values)) values.tenant_id = values.project_id;
  if (values.project_id !== values.tenant_id) throw badRequest("'project_id' and 'tenant_id' do not match");
  if ('project_id' in values && values.project_id !== call.context.projectId && !call.isAdmin) {
    throw badRequest(
      "Specifying 'project_id' other than the authenticated project in request is not allowed for the current user.",
    );
  }
  if (isCreate && !('project_id' in values)) {
    values.project_id = call.context.projectId;
    values.tenant_id = call.context.projectId;
  }
}

/** Converts and validates every given attribute, with Neutron's `Invalid input for <attr>` message. */
function convertValues(attributes: AttributeMap, values: Record<string, unknown>): void {
  for (const [name, spec] of Object.entries(attributes)) {
    if (!(name in values)) continue;
    if (spec.convert) values[name] = spec.convert(values[name]);
    const reason = spec.validate?.(values[name]);
    if (reason) throw badRequest(`Invalid input for ${name}. Reason: ${reason}.`);
  }
}

function resourceBody(body: unknown, singular: string): Record<string, unknown> {
  if (!isObject(body)) throw badRequest('Body contains invalid data');
  const item = body[singular];
  if (item === undefined || item === null) throw badRequest(`Unable to find '${singular}' in request body`);
  if (!isObject(item)) throw badRequest(`Object '${singular}' contains invalid data`);
  return { ...item };
}

function prepareOneCreate(
  call: CallContext,
  attributes: AttributeMap,
  singular: string,
  body: unknown,
): Record<string, unknown> {
  const values = resourceBody(body, singular);
  populateProject(call, values, true);
  const unknown = Object.keys(values).filter((key) => !(key in attributes));
  if (unknown.length > 0) throw badRequest(`Unrecognized attribute(s) '${unknown.join(', ')}'`);
  for (const [name, spec] of Object.entries(attributes)) {
    if (!spec.allowPost) {
      if (name in values) throw badRequest(`Attribute '${name}' not allowed in POST`);
      continue;
    }
    if (name in values) continue;
    if (!('default' in spec))
      throw badRequest(`Failed to parse request. Required attribute '${name}' not specified`);
    values[name] =
      typeof spec.default === 'function' ? (spec.default as () => unknown)() : structuredClone(spec.default);
  }
  convertValues(attributes, values);
  return values;
}

/**
 * The values of a create request as Neutron's prepare_request_body reads them: one resource
 * under its singular name, or several under the plural when the resource allows bulk; unknown
 * attributes and read-only ones refused, defaults filled, values converted and validated.
 * Attributes given explicitly are reported apart, for the per-attribute policy checks.
 */
export function prepareCreate(
  call: CallContext,
  attributes: AttributeMap,
  names: { singular: string; plural: string; allowBulk: boolean },
  body: unknown,
): { items: Record<string, unknown>[]; given: Set<string>[]; bulk: boolean } {
  if (body === undefined || body === null || (isObject(body) && Object.keys(body).length === 0)) {
    throw badRequest('Resource body required');
  }
  if (isObject(body) && names.plural in body) {
    if (!names.allowBulk) throw badRequest('Bulk operation not supported');
    const list = body[names.plural];
    if (!Array.isArray(list) || list.length === 0) throw badRequest('Resources required');
    const wrapped = list.map((item) =>
      isObject(item) && names.singular in item ? item : { [names.singular]: item },
    );
    return {
      items: wrapped.map((item) => prepareOneCreate(call, attributes, names.singular, item)),
      given: wrapped.map(
        (item) =>
          new Set(Object.keys((item as Record<string, Record<string, unknown>>)[names.singular] ?? {})),
      ),
      bulk: true,
    };
  }
  const given =
    isObject(body) && isObject(body[names.singular]) ? Object.keys(body[names.singular] as object) : [];
  return {
    items: [prepareOneCreate(call, attributes, names.singular, body)],
    given: [new Set(given)],
    bulk: false,
  };
}

/** The changes of an update request: known, updatable attributes only, converted and validated. */
export function prepareUpdate(
  call: CallContext,
  attributes: AttributeMap,
  singular: string,
  body: unknown,
): Record<string, unknown> {
  if (body === undefined || body === null || (isObject(body) && Object.keys(body).length === 0)) {
    throw badRequest('Resource body required');
  }
  const values = resourceBody(body, singular);
  populateProject(call, values, false);
  const unknown = Object.keys(values).filter((key) => !(key in attributes));
  if (unknown.length > 0) throw badRequest(`Unrecognized attribute(s) '${unknown.join(', ')}'`);
  for (const name of Object.keys(values)) {
    if (!attributes[name].allowPut) throw badRequest(`Cannot update read-only attribute ${name}`);
  }
  convertValues(attributes, values);
  return values;
}
