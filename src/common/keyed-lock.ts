/**
 * One operation at a time per key (Nova's `@utils.synchronized(instance.uuid)`): a delete waits
 * for the build it races, a reboot for the stop before it. Waiters run in arrival order.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  /** Whether some operation holds or waits for `key`. */
  isHeld(key: string): boolean {
    return this.tails.has(key);
  }

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
