/**
 * Turns the outcomes of a Tempest run into a verdict per expected test and counts per set of
 * tests. A test that never reported counts too: when a class's setUpClass is skipped or fails,
 * unittest reports that fixture instead of the tests, and a crashed worker reports nothing.
 */
import { lastLines } from './commands.js';
import type { TestOutcome } from './subunit.js';

export type Verdict = 'passed' | 'skipped' | 'failed' | 'not run';
const VERDICTS: readonly Verdict[] = ['passed', 'skipped', 'failed', 'not run'];

export interface TestVerdict {
  id: string;
  verdict: Verdict;
  /** The traceback of a failure, the reason of a skip. */
  detail?: string;
}

export interface SetSummary {
  title: string;
  counts: Record<Verdict, number>;
  tests: TestVerdict[];
}

/** `module.Class.test_name[id-...,smoke]` without its attributes. */
const withoutAttributes = (id: string) => id.replace(/\[[^\]]*\]$/, '');
const classOf = (id: string) => withoutAttributes(id).split('.').slice(0, -1).join('.');
const FIXTURE = /^(setUpClass|tearDownClass) \((.+)\)$/;

function verdictOf(outcome: TestOutcome): TestVerdict {
  switch (outcome.status) {
    case 'success':
    case 'xfail':
      return { id: outcome.id, verdict: 'passed' };
    case 'skip':
      return { id: outcome.id, verdict: 'skipped', detail: outcome.details.reason };
    case 'fail':
    case 'uxsuccess':
      return {
        id: outcome.id,
        verdict: 'failed',
        detail: outcome.details.traceback ?? outcome.details.reason,
      };
    default:
      return { id: outcome.id, verdict: 'not run' };
  }
}

/** The verdict of each expected test id, from the outcomes of the run. */
export function judge(expected: readonly string[], outcomes: Map<string, TestOutcome>): TestVerdict[] {
  const byName = new Map<string, TestOutcome>();
  const setUpByClass = new Map<string, TestOutcome>();
  for (const outcome of outcomes.values()) {
    const fixture = FIXTURE.exec(outcome.id);
    if (fixture?.[1] === 'setUpClass') setUpByClass.set(fixture[2], outcome);
    else if (!fixture) byName.set(withoutAttributes(outcome.id), outcome);
  }
  return expected.map((id) => {
    const outcome = byName.get(withoutAttributes(id)) ?? setUpByClass.get(classOf(id));
    return outcome ? { ...verdictOf(outcome), id } : { id, verdict: 'not run' };
  });
}

/** Class fixtures (setUpClass, tearDownClass) that failed: cleanup errors show up only here. */
export function failedFixtures(outcomes: Map<string, TestOutcome>): TestVerdict[] {
  return [...outcomes.values()]
    .filter((outcome) => FIXTURE.test(outcome.id) && outcome.status === 'fail')
    .map(verdictOf);
}

export function summarize(title: string, tests: TestVerdict[]): SetSummary {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const test of tests) counts[test.verdict]++;
  return { title, counts, tests };
}

export function countsLine({ title, counts, tests }: SetSummary): string {
  return `${title}: ${tests.length} tests: ${VERDICTS.map((v) => `${counts[v]} ${v}`).join(', ')}`;
}

/**
 * The tests of a set that did not pass, each with the end of its traceback (`tracebackLines`
 * lines) or its skip reason on one line.
 */
export function describeProblems(tests: TestVerdict[], tracebackLines: number): string {
  const lines: string[] = [];
  for (const verdict of ['failed', 'not run', 'skipped'] as const) {
    const matching = tests.filter((test) => test.verdict === verdict);
    if (matching.length === 0) continue;
    lines.push(`  ${verdict}:`);
    for (const test of matching) {
      if (verdict === 'skipped') {
        lines.push(`    ${test.id}: ${(test.detail ?? '').trim().split('\n')[0]}`);
        continue;
      }
      lines.push(`    ${test.id}`);
      if (test.detail) lines.push(lastLines(test.detail, tracebackLines).replace(/^/gm, '      | '));
    }
  }
  return lines.join('\n');
}
