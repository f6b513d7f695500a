import { setTimeout as sleep } from 'node:timers/promises';
import type { VirtDriver } from '../driver.js';
import { HypervisorError } from '../errors.js';

/** A driver method, by name: the unit that delays and injected failures apply to. */
export type VirtOperation = Exclude<keyof VirtDriver, 'capabilities'>;

/**
 * Decides whether a call fails: return the error to throw, or undefined to let it through.
 * `instanceUuid` is null for host-wide operations.
 */
export type FaultPredicate = (operation: VirtOperation, instanceUuid: string | null) => Error | undefined;

interface OneShotFault {
  operation: VirtOperation;
  instanceUuid: string | null;
  error: Error;
}

/**
 * Slows and breaks a fake driver's operations on demand, so tests and scale runs can show how the
 * agent copes with a slow or failing hypervisor. The delay comes first (the hypervisor "works"),
 * then the failure, before the operation changes anything: a failed call leaves no trace.
 */
export class FaultInjector {
  private readonly delays = new Map<VirtOperation, number>();
  private readonly oneShots: OneShotFault[] = [];
  private readonly predicates = new Set<FaultPredicate>();

  constructor(delays: Partial<Record<VirtOperation, number>> = {}) {
    for (const [operation, ms] of Object.entries(delays)) this.setDelay(operation as VirtOperation, ms);
  }

  /** Makes every later call of `operation` take `ms` milliseconds (0 removes the delay). */
  setDelay(operation: VirtOperation, ms: number): void {
    if (ms > 0) this.delays.set(operation, ms);
    else this.delays.delete(operation);
  }

  /**
   * Makes the next call of `operation` (on `instanceUuid` only, when given) throw `error`, once.
   * Several armed failures are used in the order they were armed.
   */
  failNext(operation: VirtOperation, error?: Error, instanceUuid?: string): void {
    this.oneShots.push({
      operation,
      instanceUuid: instanceUuid ?? null,
      error: error ?? new HypervisorError(`Injected failure of ${operation}`),
    });
  }

  /** Fails every call for which `predicate` returns an error, until the returned function is called. */
  failWhen(predicate: FaultPredicate): () => void {
    this.predicates.add(predicate);
    return () => void this.predicates.delete(predicate);
  }

  /** Forgets every armed failure and delay. */
  reset(): void {
    this.delays.clear();
    this.oneShots.length = 0;
    this.predicates.clear();
  }

  /** Called at the start of each operation: waits its delay, then throws an injected failure if one matches. */
  async enter(operation: VirtOperation, instanceUuid: string | null): Promise<void> {
    const delay = this.delays.get(operation);
    if (delay !== undefined) await sleep(delay);
    const index = this.oneShots.findIndex(
      (fault) =>
        fault.operation === operation && (fault.instanceUuid === null || fault.instanceUuid === instanceUuid),
    );
    if (index >= 0) {
      const [fault] = this.oneShots.splice(index, 1);
      throw fault.error;
    }
    for (const predicate of this.predicates) {
      const error = predicate(operation, instanceUuid);
      if (error) throw error;
    }
  }
}
