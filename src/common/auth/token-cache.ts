/**
 * A bounded cache of validated tokens, as keystonemiddleware keeps one: entries live until
 * `ttlMs` passes or the token expires, whichever is first. The oldest entries go first when
 * the cache is full (a Map keeps insertion order).
 */
export class TokenCache<Value extends { expiresAt: Date }> {
  private readonly entries = new Map<string, { value: Value; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(token: string): Value | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.until <= this.now()) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.value;
  }

  set(token: string, value: Value): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(token, { value, until: Math.min(this.now() + this.ttlMs, value.expiresAt.getTime()) });
  }

  /** Forgets everything, for when revocations make cached answers stale. */
  clear(): void {
    this.entries.clear();
  }
}
