import { posix } from 'node:path';
import { ec2MetadataOf, ec2NodeAt, ec2Text, type Ec2Folder } from './ec2-metadata.js';
import type { InstanceMetadataSource } from './metadata-source.js';
import { EC2_VERSIONS, LATEST, OPENSTACK_VERSIONS, resolveVersion } from './metadata-versions.js';
import { networkDataOf } from './network-data.js';
import {
  META_DATA_JSON,
  NETWORK_DATA_JSON,
  openstackMetaData,
  openstackVersionFiles,
  PASSWORD,
  USER_DATA,
  VENDOR_DATA,
  VENDOR_DATA2,
  VENDOR_DATA_JSON,
  VENDOR_DATA2_JSON,
} from './openstack-metadata.js';

export const TEXT_PLAIN = 'text/plain; charset=UTF-8';
export const APPLICATION_JSON = 'application/json';

/** What a metadata path holds: a document, or the password, which is read and written apart. */
export type MetadataAnswer =
  { kind: 'document'; contentType: string; body: string | Buffer } | { kind: 'password' };

/** What rendering needs beyond the instance: randomness for `random_seed`, and the caller's address. */
export interface MetadataContext {
  randomBytes: (size: number) => Buffer;
  /** The guest's address as the proxy saw it; null on the config drive. */
  address: string | null;
}

const text = (body: string | Buffer): MetadataAnswer => ({ kind: 'document', contentType: TEXT_PLAIN, body });
const json = (value: unknown, contentType = APPLICATION_JSON): MetadataAnswer => ({
  kind: 'document',
  contentType,
  body: JSON.stringify(value),
});

/** The versions a tree's top lists, `latest` last. */
const versionList = (versions: readonly string[]): string => [...versions, LATEST].join('\n');

/** A file of an OpenStack version folder (Nova's `RouteConfiguration`), or null when there is none. */
function openstackFile(
  source: InstanceMetadataSource,
  version: string,
  file: string,
  context: MetadataContext,
): MetadataAnswer | null {
  const files = openstackVersionFiles(source, version);
  if (!files.includes(file)) return null;
  switch (file) {
    case META_DATA_JSON:
      return json(openstackMetaData(source, version, context.randomBytes));
    case USER_DATA:
      return text(Buffer.from(source.userData ?? '', 'base64'));
    case PASSWORD:
      return { kind: 'password' };
    case VENDOR_DATA_JSON:
      return json(VENDOR_DATA);
    case VENDOR_DATA2_JSON:
      return json(VENDOR_DATA2);
    case NETWORK_DATA_JSON:
      // Nova does not mark this one as JSON: it answers it as text.
      return json(networkDataOf(source.ports) ?? {}, TEXT_PLAIN);
    default:
      return null;
  }
}

/**
 * The answer at a metadata path (Nova's `InstanceMetadata.lookup`), or null for a path that holds
 * nothing (404). `/openstack/...` is the OpenStack tree; anything else is the EC2 tree, with or
 * without a leading `/ec2`.
 */
export function lookupMetadata(
  source: InstanceMetadataSource,
  path: string,
  context: MetadataContext,
): MetadataAnswer | null {
  const normal = posix.normalize(`/${path}`).replace(/(.)\/$/, '$1');
  let tokens = normal.split('/').slice(1);
  if (tokens[0] !== 'ec2' && tokens[0] !== 'openstack')
    tokens = tokens[0] === '' ? ['ec2'] : ['ec2', ...tokens];
  const [tree, requested, ...rest] = tokens;
  if (tree === 'openstack') {
    if (requested === undefined) return text(versionList(OPENSTACK_VERSIONS));
    const version = resolveVersion(OPENSTACK_VERSIONS, requested);
    if (version === null) return null;
    if (rest.length === 0) return text(openstackVersionFiles(source, version).join('\n'));
    return openstackFile(source, version, rest.join('/'), context);
  }
  if (requested === undefined) return text(versionList(EC2_VERSIONS));
  const metadata = ec2MetadataOf(source, requested, context.address);
  if (metadata === null) return null;
  const node = ec2NodeAt(metadata, rest);
  return node === undefined ? null : text(ec2Text(node));
}

/** One file of a config drive, at its path inside the drive. */
export interface ConfigDriveFile {
  path: string;
  data: string | Buffer;
}

/**
 * The EC2 versions a config drive carries: Nova's `config_drive_skip_versions` default leaves out
 * every one older than 2009-04-04.
 */
const CONFIG_DRIVE_EC2_VERSIONS = ['2009-04-04', LATEST];

/** The EC2 `meta-data` of a version as the config drive stores it: JSON, keys without their listing names. */
function ec2MetaDataJson(metadata: Ec2Folder): string {
  const metaData = metadata['meta-data'] as Ec2Folder;
  const keys = metaData['public-keys'] as Ec2Folder | undefined;
  if (keys) {
    const { _name: _listed, ...first } = keys['0'] as Ec2Folder;
    return JSON.stringify({ ...metaData, 'public-keys': { '0': first } });
  }
  return JSON.stringify(metaData);
}

/** Nova's `metadata_for_config_drive`: every file of the drive, EC2's then OpenStack's. */
export function configDriveFiles(
  source: InstanceMetadataSource,
  randomBytes: (size: number) => Buffer,
): ConfigDriveFile[] {
  const context: MetadataContext = { randomBytes, address: null };
  const files: ConfigDriveFile[] = [];
  for (const version of CONFIG_DRIVE_EC2_VERSIONS) {
    const metadata = ec2MetadataOf(source, version, null) as Ec2Folder;
    const userData = metadata['user-data'];
    if (Buffer.isBuffer(userData)) files.push({ path: `ec2/${version}/user-data`, data: userData });
    files.push({ path: `ec2/${version}/meta-data.json`, data: ec2MetaDataJson(metadata) });
  }
  for (const version of [...OPENSTACK_VERSIONS, LATEST]) {
    const resolved = resolveVersion(OPENSTACK_VERSIONS, version) as string;
    for (const file of openstackVersionFiles(source, resolved)) {
      const answer = file === PASSWORD ? null : openstackFile(source, resolved, file, context);
      if (answer?.kind === 'document')
        files.push({ path: `openstack/${version}/${file}`, data: answer.body });
    }
  }
  return files;
}
