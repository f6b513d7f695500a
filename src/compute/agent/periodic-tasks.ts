import type { Logger } from '../../common/logging.js';
import { AgentStopped, type Lifecycle } from './lifecycle.js';

/**
 * The agent's periodic tasks (Nova's `periodic_task` decorators): each runs `intervalMs` after the
 * previous run ended, so a slow run never overlaps the next; a failed run is logged and the task
 * goes on. Runs count as work under way for the agent's stop.
 */
export class PeriodicTasks {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly pending = new Set<string>();
  private stopped = false;

  constructor(
    private readonly lifecycle: Lifecycle,
    private readonly logger: Logger,
  ) {}

  every(intervalMs: number, name: string, task: () => Promise<unknown>): void {
    this.later(intervalMs, name, task, () => this.every(intervalMs, name, task));
  }

  /** Runs `task` once after `delayMs`, unless a run of the same name is already waiting. */
  soon(delayMs: number, name: string, task: () => Promise<unknown>): void {
    if (this.pending.has(name)) return;
    this.pending.add(name);
    this.later(
      delayMs,
      name,
      task,
      () => {},
      () => this.pending.delete(name),
    );
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private later(
    delayMs: number,
    name: string,
    task: () => Promise<unknown>,
    next: () => void,
    starting: () => void = () => {},
  ): void {
    if (this.stopped) return;
    const timer = setTimeout(async () => {
      this.timers.delete(timer);
      starting();
      try {
        await this.lifecycle.track(task);
      } catch (error) {
        if (!(error instanceof AgentStopped))
          this.logger.warn({ err: error }, `periodic task ${name} failed`);
      }
      next();
    }, delayMs);
    this.timers.add(timer);
  }
}
