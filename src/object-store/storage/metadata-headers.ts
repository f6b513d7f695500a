import type { StorageServerType } from './storage-protocol.js';

/** `X-<type>-Meta-*`: metadata users set. */
export function isUserMeta(type: StorageServerType, key: string): boolean {
  return key.startsWith(`x-${type}-meta-`);
}

/** `X-<type>-Sysmeta-*`: metadata only middlewares set (quotas, versioning, SLO...). */
export function isSysMeta(type: StorageServerType, key: string): boolean {
  return key.startsWith(`x-${type}-sysmeta-`);
}

/** `X-Object-Transient-Sysmeta-*`: system metadata a POST replaces, as it does user metadata. */
export function isObjectTransientSysmeta(key: string): boolean {
  return key.startsWith('x-object-transient-sysmeta-');
}

/** Swift's `config_true_value`. */
export function isTrue(value: string | undefined): boolean {
  return value !== undefined && ['true', '1', 'yes', 'on', 't', 'y'].includes(value.toLowerCase());
}

/** A comma list of a header (`X-Container-Host: 10.0.0.1:6201, 10.0.0.2:6201`). */
export function splitList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim());
}
