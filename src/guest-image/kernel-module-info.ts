import { readFile } from 'node:fs/promises';

/**
 * The `key=value` strings of a kernel module's `.modinfo` section (name, depends, vermagic...),
 * read from the ELF file itself: the kernel package ships no modules.dep (its postinst runs
 * depmod), and a build without root has no depmod of its own to run.
 */
export function readModinfo(elf: Buffer): Map<string, string[]> {
  if (elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 2 || elf[5] !== 1) {
    throw new Error('not a 64-bit little-endian ELF file');
  }
  const sectionHeaders = Number(elf.readBigUInt64LE(0x28));
  const entrySize = elf.readUInt16LE(0x3a);
  const count = elf.readUInt16LE(0x3c);
  const namesIndex = elf.readUInt16LE(0x3e);
  const section = (index: number) => {
    const at = sectionHeaders + index * entrySize;
    return {
      name: elf.readUInt32LE(at),
      offset: Number(elf.readBigUInt64LE(at + 0x18)),
      size: Number(elf.readBigUInt64LE(at + 0x20)),
    };
  };
  const names = section(namesIndex);
  const info = new Map<string, string[]>();
  for (let index = 0; index < count; index++) {
    const { name, offset, size } = section(index);
    const end = elf.indexOf(0, names.offset + name);
    if (elf.toString('latin1', names.offset + name, end) !== '.modinfo') continue;
    for (const pair of elf.toString('latin1', offset, offset + size).split('\0')) {
      const equals = pair.indexOf('=');
      if (equals <= 0) continue;
      const key = pair.slice(0, equals);
      info.set(key, [...(info.get(key) ?? []), pair.slice(equals + 1)]);
    }
  }
  return info;
}

/** The modules a module file needs loaded before it (its `depends=`), by module name. */
export async function readModuleDependencies(path: string): Promise<string[]> {
  const depends = readModinfo(await readFile(path)).get('depends')?.[0] ?? '';
  return depends.split(',').filter((name) => name !== '');
}
