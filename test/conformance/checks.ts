/**
 * A small sequential check runner for suites whose steps build on each other (a user is created,
 * then logs in, then ...). Each step prints one TAP-like line as it finishes; a failed step does
 * not stop the suite, and steps that need its result say so when they cannot run.
 */

export interface CheckResult {
  name: string;
  ok: boolean;
  /** Why it failed, as the user would read it. */
  error?: string;
}

/** Thrown by a step whose prerequisite failed: reported as not run, not as a second failure. */
export class NotRun extends Error {}

export class Checks {
  readonly results: CheckResult[] = [];

  constructor(private readonly suite: string) {}

  /** Runs one step; resolves to its value, or undefined when it failed. */
  async check<T>(name: string, step: () => Promise<T>): Promise<T | undefined> {
    const started = Date.now();
    try {
      const value = await step();
      this.results.push({ name, ok: true });
      console.log(`ok ${this.results.length} - ${this.suite}: ${name} (${Date.now() - started} ms)`);
      return value;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const notRun = error instanceof NotRun;
      this.results.push({ name, ok: false, error: notRun ? `not run: ${message}` : message });
      const label = notRun ? `# not run: ${message}` : `\n  ${message.replaceAll('\n', '\n  ')}`;
      console.log(`not ok ${this.results.length} - ${this.suite}: ${name} ${label}`);
      return undefined;
    }
  }

  get failures(): CheckResult[] {
    return this.results.filter((result) => !result.ok);
  }
}

/** The value a later step needs, or NotRun naming the step that should have produced it. */
export function needs<T>(value: T | undefined, producedBy: string): T {
  if (value === undefined) throw new NotRun(`needs "${producedBy}"`);
  return value;
}
