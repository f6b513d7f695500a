import { checkMetadata, CONSTRAINTS } from './constraints.js';
import { transferHeaders } from './headers.js';
import { listingAnswer, listingQuery } from './listing.js';
import { backendHeaders, writeHeaders, type ProxyContext } from './proxy-context.js';
import { discard } from './replicas.js';
import { authorizeCall, type SwiftAnswer, type SwiftCall } from './swift-call.js';
import { badRequest, SwiftError } from './swob.js';
import { swiftTimestamp } from './timestamp.js';

/** Creates an account on first write (Swift's `account_autocreate`): every project has one. */
export async function autocreateAccount(
  proxy: ProxyContext,
  call: SwiftCall,
  headers: Record<string, string> = {},
) {
  const response = await proxy.replicas.writeAll(
    { account: call.path.account },
    { method: 'PUT', headers: { ...writeHeaders(call), ...headers } },
  );
  discard(response);
  proxy.info.forgetAccount(call.path.account);
  if (response.status >= 300 && response.status !== 409)
    throw new SwiftError(response.status >= 500 ? 503 : response.status);
}

function checkAccountName(name: string): void {
  const length = Buffer.byteLength(name);
  if (length > CONSTRAINTS.max_account_name_length) {
    throw badRequest(`Account name length of ${length} longer than ${CONSTRAINTS.max_account_name_length}`);
  }
}

/**
 * GET and HEAD of an account: its containers and totals. An account never written to is
 * listed as empty (204 with zero counts), as Swift answers with `account_autocreate`.
 */
async function readAccount(proxy: ProxyContext, call: SwiftCall): Promise<SwiftAnswer> {
  checkAccountName(call.path.account);
  const { owner } = authorizeCall(call);
  const query = listingQuery(call, 'account');
  const response = await proxy.replicas.read(
    { account: call.path.account },
    { method: call.method === 'HEAD' ? 'HEAD' : 'GET', headers: backendHeaders(call), query },
  );
  if (response.status === 404) {
    discard(response);
    const empty = {
      status: 204,
      headers: {
        'x-account-container-count': '0',
        'x-account-object-count': '0',
        'x-account-bytes-used': '0',
        'x-timestamp': swiftTimestamp(call.now),
      },
      body: Buffer.from('[]'),
    };
    return listingAnswer(call, empty, 'account', owner);
  }
  if (response.status >= 300) throw new SwiftError(response.status);
  return listingAnswer(call, response, 'account', owner);
}

/** POST of an account: its metadata (`X-Account-Meta-*`, `X-Remove-Account-Meta-*`). */
async function postAccount(proxy: ProxyContext, call: SwiftCall): Promise<SwiftAnswer> {
  checkAccountName(call.path.account);
  const { owner } = authorizeCall(call);
  checkMetadata(call.headers, 'account');
  const headers = { ...writeHeaders(call), ...transferHeaders(call.headers, 'account', owner) };
  let response = await proxy.replicas.writeAll({ account: call.path.account }, { method: 'POST', headers });
  if (response.status === 404) {
    discard(response);
    await autocreateAccount(proxy, call);
    response = await proxy.replicas.writeAll({ account: call.path.account }, { method: 'POST', headers });
  }
  discard(response);
  proxy.info.forgetAccount(call.path.account);
  if (response.status >= 300) throw new SwiftError(response.status);
  return { status: 204, headers: {} };
}

/** Account requests; PUT and DELETE are reseller operations Swift leaves off (`allow_account_management`). */
export async function accountController(proxy: ProxyContext, call: SwiftCall): Promise<SwiftAnswer> {
  switch (call.method) {
    case 'GET':
    case 'HEAD':
      return readAccount(proxy, call);
    case 'POST':
      return postAccount(proxy, call);
    default:
      authorizeCall(call);
      throw new SwiftError(405, undefined, { allow: 'GET, HEAD, POST' });
  }
}
