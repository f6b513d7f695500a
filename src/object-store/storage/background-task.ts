/**
 * A sweep run now and then every `intervalMs` in the background, never two at once; `stop`
 * aborts the signal the running one was given and waits for it. A long pass (the auditor's, at
 * Swift's 20 files a second, over a device of small objects) ends early at that signal, so a
 * stopping cloud is not held for it. Its owner starts and stops it (the service, a test).
 */
export class BackgroundTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private abort: AbortController | undefined;
  private stopped = true;

  constructor(
    private readonly intervalMs: number,
    private readonly run: (signal: AbortSignal) => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort?.abort();
    await this.running;
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      this.abort = new AbortController();
      this.running = this.run(this.abort.signal)
        .then(
          () => undefined,
          (error: unknown) => this.onError(error),
        )
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(this.intervalMs);
        });
    }, delay);
    this.timer.unref();
  }
}
