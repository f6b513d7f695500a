/**
 * A per-project async lock: work that checks a quota and then writes what it counts runs one at
 * a time per project within this process, so concurrent requests cannot both take the last slot.
 */
export class ProjectLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(projectId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(projectId) ?? Promise.resolve();
    const current = previous.then(work, work);
    const tail = current.catch(() => undefined);
    this.tails.set(projectId, tail);
    try {
      return await current;
    } finally {
      // The last one out leaves no entry behind.
      if (this.tails.get(projectId) === tail) this.tails.delete(projectId);
    }
  }
}

const locksByOwner = new WeakMap<object, ProjectLocks>();

/** The locks of one database (one compute service), shared by every code path that checks quota. */
export function projectLocksOf(owner: object): ProjectLocks {
  let locks = locksByOwner.get(owner);
  if (!locks) {
    locks = new ProjectLocks();
    locksByOwner.set(owner, locks);
  }
  return locks;
}
