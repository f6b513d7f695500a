import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Work of an agent that stopped before it finished: from the stop on, the agent touches nothing
 * (no database write, no driver call, no message), as a process that exited would, and the next
 * start's recovery finishes or fails what was left (Nova's `_init_instance`).
 */
export class AgentStopped extends Error {
  constructor(readonly host: string) {
    super(`The compute agent of ${host} has stopped`);
    this.name = 'AgentStopped';
  }
}

/**
 * The running/stopped switch of one agent and the work it has under way. What the agent acts
 * through (driver, repositories, clients, bus) is wrapped by `guard`, so work still running when
 * the agent stops is cut off at its next step instead of writing after the stop.
 */
export class Lifecycle {
  private stopped = false;
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly host: string) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Throws AgentStopped once the agent has stopped. */
  check(): void {
    if (this.stopped) throw new AgentStopped(this.host);
  }

  /** `target` whose methods throw AgentStopped once the agent has stopped. */
  guard<T extends object>(target: T): T {
    return new Proxy(target, {
      get: (object, property) => {
        const value: unknown = Reflect.get(object, property, object);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          this.check();
          return (value as (...args: unknown[]) => unknown).apply(object, args);
        };
      },
    });
  }

  /** Runs `work` as work under way, which `stop` waits for. */
  track<T>(work: () => Promise<T>): Promise<T> {
    const task = work();
    const settled = task.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
    return task;
  }

  /** Waits up to `timeoutMs` for the work under way, then stops: what still runs is cut off. */
  async stop(timeoutMs: number): Promise<void> {
    const abort = new AbortController();
    const idle = (async () => {
      while (this.running.size > 0) await Promise.all(this.running);
    })();
    await Promise.race([idle, sleep(timeoutMs, undefined, { signal: abort.signal }).catch(() => {})]);
    abort.abort();
    this.stopped = true;
  }
}
