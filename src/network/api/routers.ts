import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { NetworkDb } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { badRequest, policyNotAuthorized } from '../errors.js';
import {
  addExtraRoutes,
  removeExtraRoutes,
  validHostRoutes,
  type ExtraRoute,
} from '../routers/extra-routes.js';
import { toGatewayInfo, validGatewayInfo } from '../routers/gateway-validation.js';
import { routerNotFound } from '../routers/l3-errors.js';
import { RouterHandler } from '../routers/router-handler.js';
import {
  ID_ATTRIBUTE,
  PROJECT_ATTRIBUTES,
  STANDARD_ATTRIBUTES,
  adminStateAttribute,
  nameAttribute,
  validStringList,
  type AttributeMap,
} from './engine/attributes.js';
import type { ApiRecord, CallContext, ResourceDefinition } from './engine/definition.js';
import { callContext } from './engine/resource-routes.js';
import { noneToEmptyList, toBoolean, type Converter } from './engine/validators.js';

/** `convert_to_boolean_if_not_none`, with "not given" left alone. */
const toBooleanIfGiven: Converter = (value) =>
  value === undefined || value === null ? value : toBoolean(value);

/** neutron-lib's router definition (l3) with extraroute, ext-gw-mode, dvr, l3-ha and router AZs. */
export const ROUTER_ATTRIBUTES: AttributeMap = {
  ...ID_ATTRIBUTE,
  name: nameAttribute(),
  admin_state_up: adminStateAttribute(),
  status: { allowPost: false, allowPut: false, sortKey: true },
  ...PROJECT_ATTRIBUTES,
  // l3 + ext-gw-mode
  external_gateway_info: {
    allowPost: true,
    allowPut: true,
    default: null,
    convert: toGatewayInfo,
    validate: validGatewayInfo,
    enforcePolicy: true,
    filter: false,
  },
  ...STANDARD_ATTRIBUTES,
  // extraroute
  routes: {
    allowPost: false,
    allowPut: true,
    convert: noneToEmptyList,
    validate: validHostRoutes,
    filter: false,
  },
  // dvr, l3-ha: only false is offered; admins see and set them
  distributed: {
    allowPost: true,
    allowPut: true,
    default: undefined,
    convert: toBooleanIfGiven,
    enforcePolicy: true,
  },
  ha: { allowPost: true, allowPut: true, default: undefined, convert: toBooleanIfGiven, enforcePolicy: true },
  // router_availability_zone
  availability_zone_hints: { allowPost: true, allowPut: false, default: [], validate: validStringList },
  availability_zones: { allowPost: false, allowPut: false },
};

export function routersResource(deps: NetworkDeps): ResourceDefinition {
  return {
    singular: 'router',
    plural: 'routers',
    path: '/routers',
    attributes: ROUTER_ATTRIBUTES,
    notFound: { type: 'RouterNotFound', message: (id) => `Router ${id} could not be found` },
    allowBulk: true,
    handler: new RouterHandler(deps),
  };
}

const ANY_OBJECT = { type: 'object', additionalProperties: true } as const;
const ID_PARAMS = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;
const ACTION_SCHEMA = { params: ID_PARAMS, body: {}, response: { 200: ANY_OBJECT } };

/** The routes of a `{"router": {"routes": [...]}}` body of add/remove_extraroutes, validated. */
function extraRoutesBody(body: unknown): ExtraRoute[] {
  const router = (body as { router?: unknown } | null)?.router;
  if (typeof router !== 'object' || router === null)
    throw badRequest("Unable to find 'router' in request body");
  const routes = (router as { routes?: unknown }).routes;
  const reason = validHostRoutes(routes ?? null);
  if (reason) throw badRequest(`Invalid input for routes. Reason: ${reason}.`);
  return routes as ExtraRoute[];
}

/**
 * The router's member actions (l3's add/remove_router_interface, extraroute-atomic's
 * add/remove_extraroutes), beside the collection routes the engine registers. A router the
 * caller may not see is not found; one it sees but may not change is refused by the action's rule.
 */
export function routerActionRoutes(app: FastifyInstance, deps: NetworkDeps): void {
  const handler = new RouterHandler(deps);

  /** Attributes the caller may see, as the engine shows a record (`get_router:<attr>` rules). */
  const view = (call: CallContext, record: ApiRecord) =>
    Object.fromEntries(
      Object.entries(record).filter(([name]) => {
        const rule = `get_router:${name}`;
        return !deps.ruleNames.has(rule) || deps.policy.check(rule, record, call.context);
      }),
    );

  const authorized = async (request: FastifyRequest, action: string) => {
    const call = callContext(request);
    const { id } = request.params as { id: string };
    const router = await handler.get(call, id);
    if (!router || !deps.policy.check('get_router', router, call.context)) throw routerNotFound(id);
    if (!deps.policy.check(action, router, call.context)) throw policyNotAuthorized(action);
    return { call, id };
  };

  const inTransaction = <T>(
    request: FastifyRequest,
    action: string,
    work: (trx: NetworkDb, call: CallContext, router: ApiRecord) => Promise<T>,
  ) =>
    authorized(request, action).then(({ call, id }) =>
      deps.db.transaction().execute(async (trx) => {
        const router = await handler.stored(trx, call, id);
        if (!router) throw routerNotFound(id);
        return work(trx, call, router);
      }),
    );

  app.put('/routers/:id/add_router_interface', { schema: ACTION_SCHEMA }, (request) =>
    inTransaction(request, 'add_router_interface', (trx, call, router) =>
      handler.interfaces.add(trx, call, router, request.body),
    ),
  );

  app.put('/routers/:id/remove_router_interface', { schema: ACTION_SCHEMA }, (request) =>
    inTransaction(request, 'remove_router_interface', (trx, call, router) =>
      handler.interfaces.remove(trx, call, router, request.body),
    ),
  );

  for (const [action, combine] of [
    ['add_extraroutes', addExtraRoutes],
    ['remove_extraroutes', removeExtraRoutes],
  ] as const) {
    app.put(`/routers/:id/${action}`, { schema: ACTION_SCHEMA }, async (request) => {
      const routes = extraRoutesBody(request.body);
      const updated = await inTransaction(request, action, async (trx, _call, router) => {
        const next = combine((router.routes as ExtraRoute[] | undefined) ?? [], routes);
        await handler.checkRoutes(trx, router, next);
        return handler.store.update(trx, router, { routes: next });
      });
      const call = callContext(request);
      return { router: view(call, (await handler.present(deps.db, [updated]))[0]) };
    });
  }
}
