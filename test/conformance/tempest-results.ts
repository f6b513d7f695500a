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
export const withoutAttributes = (id: string) => id.replace(/\[[^\]]*\]$/, '');
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

/**
 * tearDownClass failures: the class's tests passed, but deleting what they made did not, so
 * this is the only place such an error shows. (A failed setUpClass is charged to its tests.)
 */
export function failedTeardowns(outcomes: Map<string, TestOutcome>): TestVerdict[] {
  return [...outcomes.values()]
    .filter((outcome) => FIXTURE.exec(outcome.id)?.[1] === 'tearDownClass' && outcome.status === 'fail')
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

/** The last lines of a failure (exception and details): tests failing alike share them. */
function errorOf(detail: string | undefined): string {
  const lines = (detail ?? '').trim().split('\n');
  const details = lines.findLastIndex((line) => line.startsWith('Details: '));
  return lines.slice(details > 0 ? details - 1 : -1).join('\n') || '(no traceback)';
}

function groupBy(tests: TestVerdict[], key: (test: TestVerdict) => string): Map<string, TestVerdict[]> {
  const groups = new Map<string, TestVerdict[]>();
  for (const test of [...tests].sort((a, b) => a.id.localeCompare(b.id))) {
    const name = key(test);
    groups.set(name, [...(groups.get(name) ?? []), test]);
  }
  return groups;
}

const indent = (text: string, prefix: string) => text.replace(/^/gm, prefix);

/**
 * The tests of a set that did not pass, grouped by what went wrong so that one cause shows
 * once: failures by their exception (with the last `tracebackLines` lines of one traceback),
 * skips by their reason.
 */
export function describeProblems(tests: TestVerdict[], tracebackLines: number): string {
  const lines: string[] = [];
  for (const verdict of ['failed', 'not run', 'skipped'] as const) {
    const matching = tests.filter((test) => test.verdict === verdict);
    if (matching.length === 0) continue;
    lines.push(`  ${verdict} (${matching.length}):`);
    const key =
      verdict === 'failed'
        ? (test: TestVerdict) => errorOf(test.detail)
        : (test: TestVerdict) => (test.detail ?? '').trim().split('\n')[0];
    for (const [cause, group] of groupBy(matching, key)) {
      const shown = verdict === 'failed' ? lastLines(group[0].detail ?? cause, tracebackLines) : cause;
      if (shown) lines.push(indent(shown, '    | '));
      for (const test of group) lines.push(`      ${test.id}`);
    }
  }
  return lines.join('\n');
}
