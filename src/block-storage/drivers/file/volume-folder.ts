import { access, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readQcow2Header } from './qcow2-header.js';

export type FileFormat = 'raw' | 'qcow2';
export type HeldKind = 'volume' | 'snapshot';

/** A volume or snapshot file of the folder. */
export interface HeldFile {
  kind: HeldKind;
  id: string;
  path: string;
  /** Its name in the folder: what a qcow2 overlay names as its backing file. */
  name: string;
  format: FileFormat;
}

const HELD_NAME = /^(volume|snapshot)-(.+)\.(raw|qcow2)$/;
const FORMATS: readonly FileFormat[] = ['raw', 'qcow2'];

/**
 * The file backend's folder: `volume-<id>.<raw|qcow2>` and `snapshot-<id>.<raw|qcow2>`, each file
 * made under a hidden `.partial` name and renamed when complete, so a half-made volume never shows.
 * A volume keeps the format it was made in when the backend's format option changes. A qcow2
 * snapshot deleted while volumes still use it as their backing file stays, marked by
 * `<name>.deleted`, until the last of them goes.
 */
export class VolumeFolder {
  constructor(readonly dir: string) {}

  name(kind: HeldKind, id: string, format: FileFormat): string {
    return `${kind}-${id}.${format}`;
  }

  partialPath(kind: HeldKind, id: string, format: FileFormat): string {
    return join(this.dir, `.${this.name(kind, id, format)}.partial`);
  }

  deletedMarker(file: HeldFile): string {
    return `${file.path}.deleted`;
  }

  /** The file of a volume or (not deleted) snapshot, or null. */
  async find(kind: HeldKind, id: string): Promise<HeldFile | null> {
    for (const format of FORMATS) {
      const file = this.file(this.name(kind, id, format));
      if (!file || !(await exists(file.path))) continue;
      if (kind === 'snapshot' && (await exists(this.deletedMarker(file)))) return null;
      return file;
    }
    return null;
  }

  /** Every volume and snapshot file, deleted snapshots still backing a volume included. */
  async list(): Promise<HeldFile[]> {
    const names = await readdir(this.dir);
    return names.map((name) => this.file(name)).filter((file): file is HeldFile => file !== null);
  }

  /** The volume files whose backing file is `file` (a qcow2 snapshot). */
  async overlaysOf(file: HeldFile): Promise<HeldFile[]> {
    const overlays: HeldFile[] = [];
    for (const candidate of await this.list()) {
      if (candidate.kind !== 'volume' || candidate.format !== 'qcow2') continue;
      const header = await readQcow2Header(candidate.path).catch(() => null);
      if (header?.backingName === file.name) overlays.push(candidate);
    }
    return overlays;
  }

  /** The size the file's guest sees (a raw file's length, a qcow2 image's virtual size). */
  async virtualSize(file: HeldFile): Promise<number> {
    if (file.format === 'raw') return (await stat(file.path)).size;
    return (await readQcow2Header(file.path)).virtualSize;
  }

  /** Removes what a crash left half-made. */
  async removePartials(): Promise<void> {
    for (const name of await readdir(this.dir)) {
      if (name.startsWith('.') && name.endsWith('.partial')) await rm(join(this.dir, name), { force: true });
    }
  }

  private file(name: string): HeldFile | null {
    const match = HELD_NAME.exec(name);
    if (!match) return null;
    return {
      kind: match[1] as HeldKind,
      id: match[2],
      path: join(this.dir, name),
      name,
      format: match[3] as FileFormat,
    };
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
