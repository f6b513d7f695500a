import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { BlockStorageDeps } from '../deps.js';
import { authorize } from '../policies/index.js';
import { TRANSFER_POLICY } from '../policies/transfers.js';
import { acceptTransfer } from '../transfers/accept-transfer.js';
import { findTransfer, listTransfers, TRANSFER_SORT_KEYS } from '../transfers/transfer-records.js';
import { createTransfer, deleteTransfer, visibleProject } from '../transfers/volume-transfers.js';
import { booleanOf, validateBody } from '../volumes/request-validation.js';
import { collectionLinks, isTrueString, parseListParams, sortColumns } from './list-params.js';
import {
  acceptedTransferResponse,
  acceptTransferBody,
  checkTransferName,
  createdTransferResponse,
  createTransferBody,
  createTransferBodyV355,
  transferDetailListResponse,
  transferParams,
  transferResponse,
  transferSummaryListResponse,
  type AcceptTransferBody,
  type CreateTransferBody,
} from './transfers-schemas.js';
import {
  createdTransferView,
  TRANSFER_COLLECTION,
  transferDetail,
  transferSummary,
} from './transfers-view.js';
import { anyBody, emptyResponse, projectParams } from './volume-schemas.js';
import { linkBase } from './volume-view-options.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

/**
 * Cinder's transfer lists: before 3.59 in creation order with only `limit` and `offset`; from
 * 3.59 with the usual pagination and sort. The caller's project's transfers, or every project's
 * for an admin asking `all_tenants`.
 */
async function listOfTransfers(deps: BlockStorageDeps, request: FastifyRequest, detail: boolean) {
  const context = request.context;
  authorize(deps.policy, TRANSFER_POLICY.getAll, { project_id: context.projectId }, context);
  const params = parseListParams(request.query, deps.settings.max_limit);
  const { all_tenants: allTenants, ...filters } = params.filters;
  const paginated = request.microversion.atLeast('3.59');
  const sort = paginated
    ? sortColumns(params, TRANSFER_SORT_KEYS)
    : sortColumns({ sortKeys: ['created_at', 'id'], sortDirs: ['asc', 'asc'] }, TRANSFER_SORT_KEYS);
  const everyProject = visibleProject(deps, context) === null && isTrueString(allTenants);
  const transfers = await listTransfers(deps.db, {
    projectId: everyProject ? null : context.projectId,
    filters,
    sort,
    offset: params.offset,
    limit: params.limit,
    ...(paginated && params.marker !== undefined ? { marker: params.marker } : {}),
  });
  const links = linkBase(deps, request);
  const view = detail
    ? transfers.map((transfer) => transferDetail(transfer, links, request.microversion))
    : transfers.map((transfer) => transferSummary(transfer, links));
  const next = collectionLinks(
    deps.baseUrl,
    request,
    TRANSFER_COLLECTION,
    view.length,
    params.limit,
    transfers.at(-1)?.id,
  );
  return next.length > 0 ? { transfers: view, transfers_links: next } : { transfers: view };
}

/**
 * Volume transfers, at `/os-volume-transfer` (the extension of old) and `/volume-transfers`
 * (3.55's resource): the same controller at every microversion, as Cinder routes both.
 */
export function transferRoutes(app: FastifyInstance, deps: BlockStorageDeps): void {
  for (const collection of [TRANSFER_COLLECTION, 'volume-transfers']) {
    app.get(
      `/${collection}`,
      { schema: { params: projectParams, response: { 200: transferSummaryListResponse } } },
      async (request) => listOfTransfers(deps, request, false),
    );
    app.get(
      `/${collection}/detail`,
      { schema: { params: projectParams, response: { 200: transferDetailListResponse } } },
      async (request) => listOfTransfers(deps, request, true),
    );

    app.get(
      `/${collection}/:id`,
      { schema: { params: transferParams, response: { 200: transferResponse } } },
      async (request: IdRequest) => {
        const context = request.context;
        const transfer = await findTransfer(deps.db, request.params.id, visibleProject(deps, context));
        authorize(deps.policy, TRANSFER_POLICY.get, { project_id: context.projectId }, context);
        return { transfer: transferDetail(transfer, linkBase(deps, request), request.microversion) };
      },
    );

    // Fastify takes any body: the handlers check it, with Cinder's messages.
    app.post(
      `/${collection}`,
      { schema: { params: projectParams, body: anyBody, response: { 202: createdTransferResponse } } },
      async (request, reply) => {
        const withSnapshots = request.microversion.atLeast('3.55');
        const body = validateBody<CreateTransferBody>(
          withSnapshots ? createTransferBodyV355 : createTransferBody,
          request.body,
        );
        const name = checkTransferName(body.transfer.name);
        const noSnapshots = body.transfer.no_snapshots;
        const transfer = await createTransfer(deps, request.context, {
          volumeId: body.transfer.volume_id,
          name,
          noSnapshots: noSnapshots === undefined ? false : booleanOf(noSnapshots),
        });
        return reply
          .status(202)
          .send({ transfer: createdTransferView(transfer, linkBase(deps, request), request.microversion) });
      },
    );

    app.post(
      `/${collection}/:id/accept`,
      { schema: { params: transferParams, body: anyBody, response: { 202: acceptedTransferResponse } } },
      async (request: IdRequest, reply) => {
        const body = validateBody<AcceptTransferBody>(acceptTransferBody, request.body);
        const transfer = await acceptTransfer(
          deps,
          request.context,
          request.params.id,
          String(body.accept.auth_key),
        );
        return reply.status(202).send({ transfer: transferSummary(transfer, linkBase(deps, request)) });
      },
    );

    app.delete(
      `/${collection}/:id`,
      { schema: { params: transferParams, response: { 202: emptyResponse } } },
      async (request: IdRequest, reply) => {
        await deleteTransfer(deps, request.context, request.params.id);
        return reply.status(202).send();
      },
    );
  }
}
