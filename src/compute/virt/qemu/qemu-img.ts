import { runChecked } from '../../../common/run-command.js';

/** What `qemu-img info` says of an image file. */
export interface ImageInfo {
  format: string;
  virtualSize: number;
  backingFilename: string | null;
}

/** The `qemu-img` operations the driver needs, each one command. */
export class QemuImg {
  constructor(private readonly binary: string) {}

  async info(path: string): Promise<ImageInfo> {
    const out = await runChecked(this.binary, ['info', '--output=json', path]);
    const info = JSON.parse(out) as { format: string; 'virtual-size': number; 'backing-filename'?: string };
    return {
      format: info.format,
      virtualSize: info['virtual-size'],
      backingFilename: info['backing-filename'] ?? null,
    };
  }

  /** A qcow2 overlay of `base`, so guests of one image share its bytes (copy-on-write). */
  async createOverlay(path: string, base: string, baseFormat: string): Promise<void> {
    await runChecked(this.binary, ['create', '-q', '-f', 'qcow2', '-F', baseFormat, '-b', base, path]);
  }

  async create(path: string, format: 'qcow2' | 'raw', sizeBytes: number): Promise<void> {
    await runChecked(this.binary, ['create', '-q', '-f', format, path, String(sizeBytes)]);
  }

  /** Grows the image's virtual size (never shrinks: the caller checks). */
  async resize(path: string, format: string, sizeBytes: number): Promise<void> {
    await runChecked(this.binary, ['resize', '-q', '-f', format, path, String(sizeBytes)]);
  }

  /**
   * A standalone copy of the image (backing chain flattened) in `format`. With `forceShare` it
   * reads an image a running guest has open, as a point-in-time copy only when the guest is paused.
   */
  async convert(
    source: string,
    sourceFormat: string,
    target: string,
    format: string,
    forceShare = false,
  ): Promise<void> {
    const share = forceShare ? ['-U'] : [];
    await runChecked(this.binary, [
      'convert',
      '-q',
      ...share,
      '-f',
      sourceFormat,
      '-O',
      format,
      source,
      target,
    ]);
  }
}
