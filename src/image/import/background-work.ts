import type { Logger } from '../../common/logging.js';

/**
 * Work that goes on after its request was answered (an import after its 202), tracked so that
 * closing the service, and tests, can wait for it to finish.
 */
export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  /** Starts `work`; a failure is logged, never thrown (the work records its own outcome). */
  run(name: string, work: () => Promise<void>): void {
    const done: Promise<void> = work()
      .catch((error: unknown) => this.logger.error({ err: error }, `${name} failed`))
      .finally(() => this.running.delete(done));
    this.running.add(done);
  }

  /** Resolves once nothing is running. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
