import { CommandFailed, runChecked, runCommand } from '../../common/run-command.js';
import { BackendNotReady, ImageUnacceptable } from './errors.js';
import { GiB } from './sizes.js';

/** What `qemu-img info` says of an image. */
export interface ImageInfo {
  format: string;
  virtualSize: number;
  backingFilename: string | null;
  /** A qcow2 image's external data file, which could be any file of the host. */
  dataFile: string | null;
}

/** Where `convert` writes: a new file it makes, or an existing volume it writes over in place. */
export type ConvertTarget = { path: string; format: string; existing: boolean };

/** The qemu-img operations the volume drivers need, each one command. */
export class QemuImg {
  constructor(private readonly binary = 'qemu-img') {}

  /** Throws `BackendNotReady` when qemu-img does not run. */
  async check(): Promise<void> {
    const result = await runCommand(this.binary, ['--version']).catch((error: Error) => error);
    if (result instanceof Error || result.code !== 0) {
      throw new BackendNotReady(`${this.binary} does not run (apt-get install qemu-utils)`, {
        cause: result instanceof Error ? result : undefined,
      });
    }
  }

  /** `format` reads the file as that format rather than probing it; `forceShare` reads an image a guest holds. */
  async info(path: string, format?: string, forceShare = false): Promise<ImageInfo> {
    const args = ['info', '--output=json', ...(forceShare ? ['-U'] : []), ...(format ? ['-f', format] : [])];
    const info = JSON.parse(await runChecked(this.binary, [...args, path])) as {
      format: string;
      'virtual-size': number;
      'backing-filename'?: string;
      'format-specific'?: { data?: { 'data-file'?: string } };
    };
    return {
      format: info.format,
      virtualSize: info['virtual-size'],
      backingFilename: info['backing-filename'] ?? null,
      dataFile: info['format-specific']?.data?.['data-file'] ?? null,
    };
  }

  /** A new image; with `backing`, a qcow2 overlay on it (named relative to the new image's folder). */
  async create(
    path: string,
    format: string,
    sizeBytes: number,
    backing?: { name: string; format: string },
  ): Promise<void> {
    const overlay = backing ? ['-b', backing.name, '-F', backing.format] : [];
    await runChecked(this.binary, ['create', '-q', '-f', format, ...overlay, path, String(sizeBytes)]);
  }

  /** Grows the image's virtual size; refused (a lock error) while a guest holds the image. */
  async resize(path: string, format: string, sizeBytes: number): Promise<void> {
    await runChecked(this.binary, ['resize', '-q', '-f', format, path, String(sizeBytes)]);
  }

  /**
   * Copies `source` (backing chain flattened) to `target`. Reads with force-share: the source may be
   * attached. An `existing` target keeps its size and is written from its first byte; zero areas of
   * the source are written as zeroes (a hole punched, a zero cluster), never skipped.
   */
  async convert(source: { path: string; format: string }, target: ConvertTarget): Promise<void> {
    const inPlace = target.existing ? ['-n'] : [];
    await runChecked(this.binary, [
      'convert',
      '-q',
      '-U',
      ...inPlace,
      '-f',
      source.format,
      '-O',
      target.format,
      source.path,
      target.path,
    ]);
  }

  /**
   * The image at `path` read as `format`, refused (`ImageUnacceptable`) when qemu-img cannot read it
   * so, when it refers to other files of the host (a backing file, a data file: reading them would
   * leak them into the volume) or when it does not fit in `volumeSizeGb`.
   */
  async inspectImage(path: string, format: string, volumeSizeGb: number): Promise<ImageInfo> {
    let info: ImageInfo;
    try {
      info = await this.info(path, format);
    } catch (error) {
      if (!(error instanceof CommandFailed)) throw error;
      const why = error.result.stderr.trim();
      throw new ImageUnacceptable(`it is not a readable ${format} image (${why})`, { cause: error });
    }
    if (info.backingFilename !== null) throw new ImageUnacceptable('it refers to a backing file');
    if (info.dataFile !== null) throw new ImageUnacceptable('it refers to an external data file');
    if (info.virtualSize > volumeSizeGb * GiB) {
      const imageGb = Math.ceil(info.virtualSize / GiB);
      throw new ImageUnacceptable(
        `Image virtual size is ${imageGb}GB and doesn't fit in a volume of size ${volumeSizeGb}GB.`,
      );
    }
    return info;
  }
}

/** Whether qemu-img failed because another process (a guest) holds the image's lock. */
export function isLockConflict(error: unknown): boolean {
  return error instanceof CommandFailed && /Failed to get ".*" lock/.test(error.result.stderr);
}
