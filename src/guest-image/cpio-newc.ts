/**
 * One member of an initramfs. Ownership and modes are given, not taken from the build host, so
 * a build without root still makes root-owned files and a setuid `sudo`.
 */
export type CpioEntry =
  | { kind: 'directory'; path: string; mode: number; uid?: number; gid?: number }
  | { kind: 'file'; path: string; mode: number; data: Buffer; uid?: number; gid?: number }
  | { kind: 'symlink'; path: string; target: string }
  | { kind: 'char-device'; path: string; mode: number; major: number; minor: number };

const fileTypeBits = { directory: 0o040000, file: 0o100000, symlink: 0o120000, 'char-device': 0o020000 };

function hex8(value: number): string {
  return value.toString(16).padStart(8, '0');
}

function padTo4(length: number): Buffer {
  return Buffer.alloc((4 - (length % 4)) % 4);
}

function header(fields: {
  ino: number;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  rdevMajor: number;
  rdevMinor: number;
  nameSize: number;
}): string {
  const { ino, mode, uid, gid, size, rdevMajor, rdevMinor, nameSize } = fields;
  // magic, ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor, rdevmajor,
  // rdevminor, namesize, check: the kernel's "newc" format (Documentation/driver-api/early-userspace).
  return (
    '070701' + [ino, mode, uid, gid, 1, 0, size, 0, 0, rdevMajor, rdevMinor, nameSize, 0].map(hex8).join('')
  );
}

function member(entry: CpioEntry | null, ino: number): Buffer {
  const name = entry === null ? 'TRAILER!!!' : entry.path.replace(/^\/+/, '');
  const nameBytes = Buffer.from(`${name}\0`, 'utf8');
  let data: Buffer = Buffer.alloc(0);
  let mode = 0;
  let uid = 0;
  let gid = 0;
  let rdevMajor = 0;
  let rdevMinor = 0;
  if (entry !== null) {
    if (entry.kind === 'file') data = entry.data;
    if (entry.kind === 'symlink') data = Buffer.from(entry.target, 'utf8');
    if (entry.kind === 'char-device') {
      rdevMajor = entry.major;
      rdevMinor = entry.minor;
    }
    const permissions = entry.kind === 'symlink' ? 0o777 : entry.mode;
    mode = fileTypeBits[entry.kind] | (permissions & 0o7777);
    if (entry.kind === 'directory' || entry.kind === 'file') {
      uid = entry.uid ?? 0;
      gid = entry.gid ?? 0;
    }
  }
  const head = Buffer.from(
    header({ ino, mode, uid, gid, size: data.length, rdevMajor, rdevMinor, nameSize: nameBytes.length }),
    'ascii',
  );
  const nameEnd = head.length + nameBytes.length;
  return Buffer.concat([head, nameBytes, padTo4(nameEnd), data, padTo4(data.length)]);
}

/** The entries as one uncompressed cpio archive in the "newc" format the kernel unpacks. */
export function writeCpioNewc(entries: readonly CpioEntry[]): Buffer {
  const members = entries.map((entry, index) => member(entry, index + 1));
  return Buffer.concat([...members, member(null, 0)]);
}
