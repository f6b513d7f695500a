import type { AgentContext } from './agent-context.js';
import { AgentStopped } from './lifecycle.js';

/** What shelving records in system metadata, and unshelving removes (Nova's shelve bookkeeping). */
const SHELVED_KEYS = ['shelved_at', 'shelved_image_id', 'shelved_host'];

export function withoutShelvedKeys(systemMetadata: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(systemMetadata).filter(([key]) => !SHELVED_KEYS.includes(key)));
}

/**
 * Deletes the snapshot a shelve made, once the instance runs again from it (Nova's
 * `_delete_snapshot_of_shelved_instance`); a failure is only logged.
 */
export async function deleteShelvedImage(
  ctx: AgentContext,
  instanceUuid: string,
  systemMetadata: Record<string, string>,
): Promise<void> {
  const imageId = systemMetadata.shelved_image_id;
  if (!imageId) return;
  try {
    await ctx.images.deleteImage(imageId);
  } catch (error) {
    if (error instanceof AgentStopped) throw error;
    ctx.logFailure(error, `deleting the shelved snapshot ${imageId}`, instanceUuid);
  }
}
