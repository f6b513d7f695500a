import type { RequestContext } from '../../../common/auth/context.js';
import type { AttributeMap } from './attributes.js';
import type { ListFilters } from './list-query.js';

/** A resource as the API shows it: its attributes by name. */
export type ApiRecord = Record<string, unknown> & { id: string };

/** What a handler knows of the request beyond its body. */
export interface CallContext {
  context: RequestContext;
  /** Admin (the admin role), as Neutron's `context.is_admin`. */
  isAdmin: boolean;
}

/**
 * What a resource does beside the generic API (validation, filters, fields, paging), as a
 * Neutron plugin's `create_network`, `get_networks`... Every read returns only what the caller
 * may see: a resource of another project is absent, never refused.
 */
export interface ResourceHandler {
  /** Every resource the caller may see; `filters` may narrow the read (the engine filters again). */
  list(call: CallContext, filters: ListFilters): Promise<ApiRecord[]>;
  /** The resource, when the caller may see it. */
  get(call: CallContext, id: string): Promise<ApiRecord | null>;
  /** Creates from validated values (defaults filled, project set). */
  create(call: CallContext, values: Record<string, unknown>): Promise<ApiRecord>;
  /** Applies validated changes to `current`; returns the resource as it now is. */
  update(call: CallContext, current: ApiRecord, changes: Record<string, unknown>): Promise<ApiRecord>;
  delete(call: CallContext, current: ApiRecord): Promise<void>;
}

/** A resource of the API: its names, attributes and handler, from which the engine builds its routes. */
export interface ResourceDefinition {
  singular: string;
  plural: string;
  /** The collection's path under `/v2.0`, e.g. `/networks` or `/fw/firewall_groups`. */
  path: string;
  attributes: AttributeMap;
  /** neutron-lib's not-found exception: its name and message for an id. */
  notFound: { type: string; message(id: string): string };
  /** Whether `{"<plural>": [...]}` creates several at once. */
  allowBulk: boolean;
  /** Which operations exist (some resources are read-only). Default all. */
  operations?: readonly ('list' | 'show' | 'create' | 'update' | 'delete')[];
  handler: ResourceHandler;
  /**
   * What policy rules see of a resource beside its attributes, e.g. the owner of a port's
   * network (`network:tenant_id`). Default: the resource itself.
   */
  policyTarget?(call: CallContext, record: Record<string, unknown>): Promise<Record<string, unknown>>;
}
