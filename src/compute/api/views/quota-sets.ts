import type { QuotaResource } from '../../quotas/resources.js';

/** `_format_quota_set`: the visible resources of `values`, with `id` when one is given. */
export function formatQuotaSet<T>(
  id: string | undefined,
  values: Record<QuotaResource, T>,
  visible: readonly QuotaResource[],
): Record<string, T | string> {
  const result: Record<string, T | string> = id === undefined ? {} : { id };
  for (const name of visible) result[name] = values[name];
  return result;
}
