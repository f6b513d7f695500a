import { readFile, rename, writeFile } from 'node:fs/promises';

/** The text of `path`, or null when there is no such file yet. */
export async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * A file that mirrors some state in memory, rewritten as the state changes. A write goes to a
 * temporary file renamed over the old one, so a reader (or the next start after a kill) sees
 * either the old state or the new, never half of one. Changes are coalesced: one write at a time,
 * and the changes made while it runs go out together in one more write, so a burst of changes
 * costs two writes, not one per change. Not fsynced: the file must outlive the process, and a
 * crash of the machine would take the fake's "running guests" with it anyway. One writer per file:
 * the temporary file's name is fixed.
 */
export class StateFile {
  private writing: Promise<void> | null = null;
  private dirty = false;
  private failure: unknown = null;

  /** `render` gives the file's whole text as of the moment it is called. */
  constructor(
    readonly path: string,
    private readonly render: () => string,
  ) {}

  /** The state changed: it will be written (now, or after the write under way). */
  changed(): void {
    this.dirty = true;
    this.writing ??= this.drain().finally(() => {
      this.writing = null;
      // A change made after the last round of `drain` but before this callback needs its write.
      if (this.dirty) this.changed();
    });
  }

  /**
   * Waits until every change made so far is in the file; rejects when the last write failed
   * (the state in memory is still right, and the next change tries again).
   */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.failure !== null) throw this.failure;
  }

  private async drain(): Promise<void> {
    const temporary = `${this.path}.tmp`;
    while (this.dirty) {
      this.dirty = false;
      try {
        await writeFile(temporary, this.render());
        await rename(temporary, this.path);
        this.failure = null;
      } catch (error) {
        // Kept for `flush`: nobody awaits a write started by a change, and an unhandled
        // rejection would end the process.
        this.failure = error;
      }
    }
  }
}
