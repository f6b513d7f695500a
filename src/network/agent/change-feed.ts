/**
 * Tells the network agents that the API changed something they may wire: in the all-in-one
 * cloud a direct call; the agent coalesces bursts into one resync.
 */
export class ChangeFeed {
  private readonly listeners = new Set<() => void>();

  /** Called after every successful write of the API. */
  notify(): void {
    for (const listener of this.listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
