import { cleanAcl } from './acl.js';
import { autocreateAccount } from './account.js';
import { checkContainerName, checkMetadata } from './constraints.js';
import { header, transferHeaders } from './headers.js';
import { listingAnswer, listingQuery } from './listing.js';
import { backendHeaders, writeHeaders, type ProxyContext } from './proxy-context.js';
import { discard } from './replicas.js';
import { authorizeCall, type SwiftAnswer, type SwiftCall } from './swift-call.js';
import { SwiftError } from './swob.js';

const ACL_HEADERS = ['x-container-read', 'x-container-write'];

/** The ACL headers of a request as Swift stores them (`clean_acl`); a malformed one is 400. */
function cleanAcls(call: SwiftCall): void {
  for (const name of ACL_HEADERS) {
    const value = header(call.headers, name);
    if (value !== undefined) call.headers[name] = cleanAcl(name, value);
  }
}

/** The container path of the call (it has one: the router sent it here). */
const containerPath = (call: SwiftCall) => ({
  account: call.path.account,
  container: call.path.container ?? '',
});

/**
 * Where the account's replicas are, for each container replica to tell (`X-Account-Host`...):
 * container servers report their totals to the account servers.
 */
function accountUpdateHeaders(
  proxy: ProxyContext,
  call: SwiftCall,
): (index: number) => Record<string, string> {
  const { partition, primaries } = proxy.replicas.place({ account: call.path.account });
  return (index) => {
    const node = primaries[index % primaries.length];
    return {
      'x-account-host': `${node.ip}:${node.port}`,
      'x-account-device': node.device,
      'x-account-partition': String(partition),
    };
  };
}

/**
 * GET and HEAD of a container: its listing and totals. Who may read is decided after asking
 * the container, by its read ACL (`.r:*` with `.rlistings` opens listings to anyone), as
 * Swift's proxy does; non-owners see no ACL headers.
 */
async function readContainer(proxy: ProxyContext, call: SwiftCall): Promise<SwiftAnswer> {
  const query = listingQuery(call, 'container');
  const response = await proxy.replicas.read(containerPath(call), {
    method: call.method === 'HEAD' ? 'HEAD' : 'GET',
    headers: backendHeaders(call),
    query,
  });
  let owner: boolean;
  try {
    ({ owner } = authorizeCall(call, response.headers['x-container-read']));
  } catch (error) {
    discard(response);
    throw error;
  }
  if (response.status >= 300) {
    discard(response);
    throw new SwiftError(response.status);
  }
  return listingAnswer(call, response, 'container', owner);
}

/** PUT of a container: 201 made, 202 it was there already (its metadata updated). */
async function putContainer(proxy: ProxyContext, call: SwiftCall): Promise<SwiftAnswer> {
  const { owner } = authorizeCall(call);
  checkContainerName(call.path.container ?? '');
  cleanAcls(call);
  checkMetadata(call.headers, 'container');
  const account = await proxy.info.account(call.path.account, call.transId);
  if (account.status === 404) await autocreateAccount(proxy, call);
  const headers = { ...writeHeaders(call), ...transferHeaders(call.headers, 'container', owner) };
  const response = await proxy.replicas.writeAll(
    containerPath(call),
    { method: 'PUT', headers },
    accountUpdateHeaders(proxy, call),
  );
  discard(response);
  proxy.info.forgetContainer(call.path.account, call.path.container ?? '');
  if (response.status >= 300) throw new SwiftError(response.status);
  return { status: response.status, headers: {} };
}

/** POST of a container: its metadata and ACLs. */
async function postContainer(proxy: ProxyContext, call: SwiftCall): Promise<SwiftAnswer> {
  const { owner } = authorizeCall(call);
  cleanAcls(call);
  checkMetadata(call.headers, 'container');
  const headers = { ...writeHeaders(call), ...transferHeaders(call.headers, 'container', owner) };
  const response = await proxy.replicas.writeAll(containerPath(call), { method: 'POST', headers });
  discard(response);
  proxy.info.forgetContainer(call.path.account, call.path.container ?? '');
  if (response.status >= 300) throw new SwiftError(response.status);
  return { status: 204, headers: {} };
}

/** DELETE of a container: 204, 404, or 409 while it holds objects. */
async function deleteContainer(proxy: ProxyContext, call: SwiftCall): Promise<SwiftAnswer> {
  authorizeCall(call);
  const response = await proxy.replicas.writeAll(
    containerPath(call),
    { method: 'DELETE', headers: writeHeaders(call) },
    accountUpdateHeaders(proxy, call),
  );
  discard(response);
  proxy.info.forgetContainer(call.path.account, call.path.container ?? '');
  // Replicas that answer 202 had it deleted already: Swift calls that not found.
  if (response.status === 202) throw new SwiftError(404);
  if (response.status >= 300) throw new SwiftError(response.status);
  return { status: 204, headers: {} };
}

export async function containerController(proxy: ProxyContext, call: SwiftCall): Promise<SwiftAnswer> {
  switch (call.method) {
    case 'GET':
    case 'HEAD':
      return readContainer(proxy, call);
    case 'PUT':
      return putContainer(proxy, call);
    case 'POST':
      return postContainer(proxy, call);
    case 'DELETE':
      return deleteContainer(proxy, call);
    default:
      throw new SwiftError(405, undefined, { allow: 'DELETE, GET, HEAD, POST, PUT' });
  }
}
