import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { placementTestApp, type PlacementTestApp } from '../../../helpers/placement-app.js';
import { coreAnswer, readable, seed, type AnswerBody } from './fixtures.js';
import { resolveQuery, SCENARIOS } from './scenarios.js';
import { UPSTREAM_ANSWERS } from './upstream-answers.js';

/**
 * Every recorded answer of upstream Placement, asked again of the pure search and of the API
 * (over a database holding the same providers): the same allocation requests (in any order),
 * the same provider summaries, the same errors.
 */
for (const scenario of SCENARIOS) {
  const recorded = UPSTREAM_ANSWERS[scenario.name];
  const queries = scenario.queries.filter(({ query, version }) => `${version} ${query}` in recorded);

  describe(`upstream's answers: ${scenario.name}`, () => {
    let placement: PlacementTestApp;
    before(async () => {
      placement = await placementTestApp();
      await seed(placement.db, scenario.providers);
    });
    after(() => placement.close());

    for (const { query, version } of queries) {
      const expected = recorded[`${version} ${query}`];
      const isError = typeof (expected as { status?: number }).status === 'number';

      if (!isError) {
        test(`search ${version} ${query}`, () => {
          const answer = coreAnswer(scenario.providers, resolveQuery(query), version);
          assert.deepEqual(readable(answer, scenario.providers), expected);
        });
      }

      test(`GET ${version} ${query}`, async () => {
        const response = await placement.request('GET', `/allocation_candidates?${resolveQuery(query)}`, {
          version,
        });
        const body = response.json();
        const shown = isError
          ? { status: response.statusCode, detail: body.errors[0].detail.split('\n\n ')[1] }
          : readable(body as AnswerBody, scenario.providers);
        assert.deepEqual(shown, expected);
      });
    }
  });
}
