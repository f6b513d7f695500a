/** Who asked, as it travels over the bus to the scheduler and the volume services. */
export interface VolumeRpcContext {
  projectId: string;
  userId: string;
  /** The caller's token: the volume service reads and writes images as the caller, as Cinder does. */
  token: string;
  /** Whether the caller is an admin (Cinder's `context.is_admin`). */
  isAdmin: boolean;
  /** The API request that started the work (`x-openstack-request-id`), for user messages. */
  requestId?: string;
}
