import type { InspectionResult } from './format-inspector.js';

/**
 * Disk formats whose content we can recognise. Others (ami, ari, aki, ploop, ...) are opaque:
 * like raw, anything may be in them, so they are only refused when the content is a format
 * that fails its safety checks.
 */
const INSPECTABLE = new Set(['raw', 'qcow2', 'vmdk', 'vhd', 'vhdx', 'vdi', 'iso', 'qed']);

/**
 * Whether an image whose owner declared `declared` as its disk_format may hold the inspected
 * content, as Glance decides when an upload completes: a refusal message, or null.
 *
 * - Content in several formats at once is refused whatever the declaration.
 * - An inspectable declared format must match the content (`raw` matches anything), and an
 *   opaque one matches anything.
 * - The detected format must pass its safety checks: a qcow2 with a backing file is refused even
 *   when declared raw, since whoever later probes the file would follow it.
 */
export function checkDeclaredFormat(declared: string, result: InspectionResult): string | null {
  if (result.format === null) return result.problems.join('; ') || 'Image format inspection failed';
  const raw = declared === 'raw' || !INSPECTABLE.has(declared);
  if (!raw && result.format !== declared) {
    return `Image disk_format ${declared} does not match stream data ${result.format}`;
  }
  if (result.problems.length > 0) return `Image failed safety checks: ${result.problems.join('; ')}`;
  return null;
}

/**
 * The virtual_size Glance records for an accepted image of `size` bytes: the content's own when
 * it is in the declared format, the byte count for raw (whatever the content looks like), and
 * none for opaque formats.
 */
export function recordedVirtualSize(declared: string, result: InspectionResult, size: number): number | null {
  if (result.format === declared) return result.virtualSize;
  if (declared === 'raw') return size;
  return null;
}
