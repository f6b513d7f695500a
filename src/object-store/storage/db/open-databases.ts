import { existsSync } from 'node:fs';

/** Something holding an open database. */
export interface Closable {
  close(): void;
}

/**
 * The databases a node keeps open, most recently used last: opening a SQLite file and preparing
 * its statements costs more than most requests, so a busy container stays open between them. The
 * oldest is closed when there are too many (each holds three file descriptors in WAL mode).
 */
export class OpenDatabases<T extends Closable> {
  private readonly open = new Map<string, T>();

  constructor(private readonly max = 256) {}

  get(path: string): T | undefined {
    const value = this.open.get(path);
    if (value !== undefined) {
      this.open.delete(path);
      this.open.set(path, value);
    }
    return value;
  }

  /** The database at `path`, opened with `openFile` unless open already; undefined when no file is there. */
  openExisting(path: string, openFile: (path: string) => T): T | undefined {
    let value = this.get(path);
    if (value === undefined && existsSync(path)) {
      value = openFile(path);
      this.add(path, value);
    }
    return value;
  }

  add(path: string, value: T): void {
    this.open.set(path, value);
    while (this.open.size > this.max) {
      const [oldestPath, oldest] = this.open.entries().next().value!;
      this.open.delete(oldestPath);
      oldest.close();
    }
  }

  /** Closes those under a folder (a device that went away). */
  closeUnder(folder: string): void {
    for (const [path, value] of this.open) {
      if (path.startsWith(`${folder}/`)) {
        this.open.delete(path);
        value.close();
      }
    }
  }

  closeAll(): void {
    for (const value of this.open.values()) value.close();
    this.open.clear();
  }
}
