/**
 * Who asked, carried with every message between compute's components (Nova's RequestContext
 * on the wire): instance actions record the request id and user, and the agent acts on behalf of
 * the project when it calls other services.
 */
export interface RpcContext {
  /** The API request's `req-<uuid>`, the key of the instance action it belongs to. */
  requestId: string;
  userId: string;
  projectId: string;
  roles: string[];
  isAdmin: boolean;
  /**
   * The caller's token, as Nova's context carries it to the conductor and the agents: what they
   * make in other services on the caller's behalf (a boot volume) belongs to the caller's project.
   * Absent in work the agent starts itself.
   */
  authToken?: string;
}
