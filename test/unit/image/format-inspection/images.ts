// Disk images for the format inspection tests: real ones made by qemu-img and genisoimage in a
// temporary directory (when installed), and crafted headers for what those tools refuse to make.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { FormatInspector, type InspectionResult } from '../../../../src/image/format-inspection/index.js';

const installed = (tool: string) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
/** A reason to skip a test when qemu-img is missing (apt-get install qemu-utils), or false. */
export const withoutQemuImg = installed('qemu-img') ? false : 'qemu-img is not installed';
export const withoutGenisoimage = installed('genisoimage') ? false : 'genisoimage is not installed';

let scratch: string | null = null;
function scratchDir(): string {
  scratch ??= mkdtempSync(join(tmpdir(), 'stratus-format-inspection-'));
  return scratch;
}
// Registered when the test file loads, so it runs after all of the file's tests.
after(() => {
  if (scratch !== null) rmSync(scratch, { recursive: true, force: true });
});

/** Runs `qemu-img create` (with options such as `-o subformat=fixed`) and returns the file's bytes. */
export function qemuImage(name: string, format: string, size: string, options: string[] = []): Buffer {
  const path = join(scratchDir(), name);
  run('qemu-img', ['create', '-q', '-f', format, ...options, path, size]);
  return readFileSync(path);
}

/** An ISO 9660 image of one small file; `udf` adds UDF descriptors. */
export function isoImage(name: string, udf = false): Buffer {
  const path = join(scratchDir(), name);
  const source = join(scratchDir(), `${name}.d`);
  run('mkdir', ['-p', source]);
  run('sh', ['-c', `echo hello > '${source}/hello.txt'`]);
  run('genisoimage', ['-quiet', ...(udf ? ['-udf'] : []), '-o', path, source]);
  return readFileSync(path);
}

/** `qemu-img info`'s virtual size for a file, read with the format given. */
export function qemuVirtualSize(name: string, format: string): number {
  const output = run('qemu-img', ['info', '-f', format, '--output=json', join(scratchDir(), name)]);
  return JSON.parse(output)['virtual-size'] as number;
}

export function scratchPath(name: string): string {
  return join(scratchDir(), name);
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** Inspects `data` presented in chunks of `chunkSize` bytes (all at once by default). */
export function inspect(data: Buffer, chunkSize = data.length || 1): InspectionResult {
  const inspector = new FormatInspector();
  for (let offset = 0; offset < data.length; offset += chunkSize) {
    inspector.push(data.subarray(offset, offset + chunkSize));
  }
  return inspector.finish();
}

/** Inspects `data` presented as two chunks split at `at`. */
export function inspectSplit(data: Buffer, at: number): InspectionResult {
  const inspector = new FormatInspector();
  inspector.push(data.subarray(0, at));
  inspector.push(data.subarray(at));
  return inspector.finish();
}

export interface Qcow2Fields {
  version?: number;
  backingFileOffset?: bigint;
  clusterBits?: number;
  size?: bigint;
  incompatibleFeatures?: bigint;
  /** Header extensions as (type, data); the end marker is added. */
  extensions?: Array<[number, Buffer]>;
}

/** A qcow2 file of two clusters whose header says what `fields` say (4 KiB clusters by default). */
export function craftQcow2(fields: Qcow2Fields = {}): Buffer {
  const clusterBits = fields.clusterBits ?? 12;
  const version = fields.version ?? 3;
  const image = Buffer.alloc(2 * 2 ** clusterBits);
  image.write('QFI\xfb', 0, 'latin1');
  image.writeUInt32BE(version, 4);
  image.writeBigUInt64BE(fields.backingFileOffset ?? 0n, 8);
  image.writeUInt32BE(clusterBits, 20);
  image.writeBigUInt64BE(fields.size ?? 1n << 30n, 24);
  const headerLength = version === 2 ? 72 : 104;
  if (version !== 2) {
    image.writeBigUInt64BE(fields.incompatibleFeatures ?? 0n, 72);
    image.writeUInt32BE(4, 96); // refcount order
    image.writeUInt32BE(headerLength, 100);
  }
  let offset = headerLength;
  for (const [type, data] of fields.extensions ?? []) {
    image.writeUInt32BE(type, offset);
    image.writeUInt32BE(data.length, offset + 4);
    data.copy(image, offset + 8);
    offset += 8 + Math.ceil(data.length / 8) * 8;
  }
  return image;
}

export interface SparseVmdkFields {
  descriptor: string;
  descriptorSector?: bigint;
  descriptorSectors?: bigint;
  capacitySectors?: bigint;
  version?: number;
  directoryOffset?: bigint;
}

/** A hosted sparse VMDK: a KDMV header and the descriptor text embedded after it. */
export function craftSparseVmdk(fields: SparseVmdkFields): Buffer {
  const descriptorSectors = fields.descriptorSectors ?? 20n;
  const image = Buffer.alloc(512 * (1 + Number(descriptorSectors)) + 4096);
  image.write('KDMV', 0, 'latin1');
  image.writeUInt32LE(fields.version ?? 1, 4);
  image.writeBigUInt64LE(fields.capacitySectors ?? 2048n, 12);
  image.writeBigUInt64LE(128n, 20);
  image.writeBigUInt64LE(fields.descriptorSector ?? 1n, 28);
  image.writeBigUInt64LE(descriptorSectors, 36);
  image.writeUInt32LE(512, 44);
  image.writeBigUInt64LE(fields.directoryOffset ?? 21n, 56);
  image.write(fields.descriptor, 512 * Number(fields.descriptorSector ?? 1n), 'latin1');
  return image;
}

/**
 * A streamOptimized VMDK as VMware writes one: the header's grain directory offset says "see the
 * footer", and the file ends with a footer marker, the footer (a copy of the header with the real
 * offset) and an end-of-stream marker.
 */
export function craftStreamOptimizedVmdk(): Buffer {
  const body = craftSparseVmdk({
    descriptor: vmdkDescriptor('streamOptimized', 'RW 2048 SPARSE "disk.vmdk"'),
    directoryOffset: 0xffffffffffffffffn,
  });
  const marker = Buffer.alloc(512);
  marker.writeBigUInt64LE(1n, 0);
  marker.writeUInt32LE(3, 12);
  const footer = Buffer.from(body.subarray(0, 512));
  footer.writeBigUInt64LE(30n, 56);
  return Buffer.concat([body, marker, footer, Buffer.alloc(512)]);
}

/** A descriptor as qemu writes one, with the extent line given. */
export function vmdkDescriptor(createType: string, extent: string): string {
  return [
    '# Disk DescriptorFile',
    'version=1',
    'CID=12345678',
    'parentCID=ffffffff',
    `createType="${createType}"`,
    '',
    '# Extent description',
    extent,
    '',
    '# The Disk Data Base',
    '#DDB',
    '',
    'ddb.virtualHWVersion = "4"',
    'ddb.geometry.cylinders = "2"',
    'ddb.adapterType = "ide"',
    '',
  ].join('\n');
}

export interface PartitionEntry {
  boot?: number;
  type: number;
  startChs?: [number, number, number];
  startLba?: number;
  sectors?: number;
}

/** A disk of 64 KiB whose first sector is an MBR with these partition entries. */
export function craftMbrDisk(entries: PartitionEntry[]): Buffer {
  const disk = Buffer.alloc(64 * 1024);
  entries.forEach((entry, index) => {
    const at = 446 + 16 * index;
    disk[at] = entry.boot ?? 0;
    disk.set(entry.startChs ?? [0, 2, 0], at + 1);
    disk[at + 4] = entry.type;
    disk.writeUInt32LE(entry.startLba ?? 1, at + 8);
    disk.writeUInt32LE(entry.sectors ?? 127, at + 12);
  });
  disk.writeUInt16LE(0xaa55, 510);
  return disk;
}

/** An ISO 9660 volume of `blocks` 2 KiB blocks: a primary volume descriptor and a terminator. */
export function craftIso(blocks: number): Buffer {
  const image = Buffer.alloc(blocks * 2048);
  const primary = 16 * 2048;
  image[primary] = 1;
  image.write('CD001', primary + 1, 'latin1');
  image[primary + 6] = 1;
  image.writeUInt32LE(blocks, primary + 80);
  image.writeUInt32BE(blocks, primary + 84);
  image.writeUInt16LE(2048, primary + 128);
  image.writeUInt16BE(2048, primary + 130);
  image[primary + 2048] = 255;
  image.write('CD001', primary + 2048 + 1, 'latin1');
  image[primary + 2048 + 6] = 1;
  return image;
}
