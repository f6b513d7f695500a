import type { Microversion } from '../../common/http/microversion.js';

/** Nova's quota resources (nova/quota.py QUOTAS), the network ones kept only for old microversions. */
export const QUOTA_RESOURCES = [
  'instances',
  'cores',
  'ram',
  'metadata_items',
  'injected_files',
  'injected_file_content_bytes',
  'injected_file_path_bytes',
  'key_pairs',
  'server_groups',
  'server_group_members',
  'fixed_ips',
  'floating_ips',
  'security_groups',
  'security_group_rules',
] as const;

export type QuotaResource = (typeof QUOTA_RESOURCES)[number];
export type QuotaValues = Record<QuotaResource, number>;

/** The nova-network quotas: -1 (no config option), hidden from 2.36. */
export const NETWORK_QUOTAS: readonly QuotaResource[] = [
  'fixed_ips',
  'floating_ips',
  'security_groups',
  'security_group_rules',
];
/** Personality files went with 2.57. */
export const INJECTED_FILE_QUOTAS: readonly QuotaResource[] = [
  'injected_files',
  'injected_file_content_bytes',
  'injected_file_path_bytes',
];
/** Counted per user, not per project (Nova's key pair and server group member counters). */
export const PER_USER_RESOURCES: readonly QuotaResource[] = ['key_pairs', 'server_group_members'];

/** `[quota]` defaults; `key_pairs` is the service's configured value. */
export function configuredDefaults(keyPairs: number): QuotaValues {
  return {
    instances: 10,
    cores: 20,
    ram: 51200,
    metadata_items: 128,
    injected_files: 5,
    injected_file_content_bytes: 10240,
    injected_file_path_bytes: 255,
    key_pairs: keyPairs,
    server_groups: 10,
    server_group_members: 10,
    fixed_ips: -1,
    floating_ips: -1,
    security_groups: -1,
    security_group_rules: -1,
  };
}

/** The resources a quota-set answer or request has at a microversion (quota_sets.py filters). */
export function quotaSetResources(version: Microversion): QuotaResource[] {
  return QUOTA_RESOURCES.filter(
    (name) =>
      !(version.atLeast('2.36') && NETWORK_QUOTAS.includes(name)) &&
      !(version.atLeast('2.57') && INJECTED_FILE_QUOTAS.includes(name)),
  );
}

/** Quota classes: server group quotas only from 2.50, which also drops the network ones. */
export function quotaClassResources(version: Microversion): QuotaResource[] {
  if (version.below('2.50')) {
    return QUOTA_RESOURCES.filter((name) => name !== 'server_groups' && name !== 'server_group_members');
  }
  return QUOTA_RESOURCES.filter(
    (name) =>
      !NETWORK_QUOTAS.includes(name) && !(version.atLeast('2.57') && INJECTED_FILE_QUOTAS.includes(name)),
  );
}

export function isQuotaResource(name: string): name is QuotaResource {
  return (QUOTA_RESOURCES as readonly string[]).includes(name);
}
