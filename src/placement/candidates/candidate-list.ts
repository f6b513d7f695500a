/**
 * Providers that can give one resource class to the unsuffixed request group, each with the
 * root of the tree it would serve (its own root, or for a sharing provider, the root of a tree
 * in one of its aggregates). The search narrows this list class by class to the trees that can
 * give every class.
 */
export interface ProviderCandidate {
  providerId: number;
  /** The anchor: the root of the tree this candidate serves. */
  rootId: number;
  resourceClass: string;
}

export class CandidateList {
  private readonly byKey = new Map<string, ProviderCandidate>();

  constructor(candidates: Iterable<ProviderCandidate> = []) {
    for (const candidate of candidates) this.add(candidate);
  }

  get size(): number {
    return this.byKey.size;
  }

  get candidates(): ProviderCandidate[] {
    return [...this.byKey.values()];
  }

  add(candidate: ProviderCandidate): void {
    const key = `${candidate.providerId}:${candidate.rootId}:${candidate.resourceClass}`;
    if (!this.byKey.has(key)) this.byKey.set(key, candidate);
  }

  /** Ids of the providers. */
  providerIds(): Set<number> {
    return new Set(this.candidates.map((candidate) => candidate.providerId));
  }

  /** Root ids of the trees. */
  trees(): Set<number> {
    return new Set(this.candidates.map((candidate) => candidate.rootId));
  }

  keep(predicate: (candidate: ProviderCandidate) => boolean): void {
    for (const [key, candidate] of this.byKey) if (!predicate(candidate)) this.byKey.delete(key);
  }

  /** Adds the other list's candidates and keeps only the trees both lists have. */
  mergeCommonTrees(other: CandidateList): void {
    if (this.size === 0) {
      for (const candidate of other.candidates) this.add(candidate);
      return;
    }
    if (other.size === 0) return;
    const otherTrees = other.trees();
    const common = new Set([...this.trees()].filter((root) => otherTrees.has(root)));
    for (const candidate of other.candidates) this.add(candidate);
    this.keep((candidate) => common.has(candidate.rootId));
  }
}
