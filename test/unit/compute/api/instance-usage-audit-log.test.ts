import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseBeforeTimestamp } from '../../../../src/compute/api/instance-usage-audit-log.js';
import {
  auditReport,
  lastCompletedMonth,
} from '../../../../src/compute/api/views/instance-usage-audit-log.js';
import { actionsFixture, faultMessage, type ActionsFixture } from '../server-actions/fixtures.js';

const micros = (iso: string) => Date.parse(iso) * 1000;

describe('the audit period and report', () => {
  test('the last whole month before a time; a month ending exactly then is not over', () => {
    const period = (iso: string) => {
      const { begin, end } = lastCompletedMonth(micros(iso));
      return [begin.toISOString(), end.toISOString()];
    };
    assert.deepEqual(period('2026-11-21T00:36:22Z'), [
      '2026-10-01T00:00:00.000Z',
      '2026-11-01T00:00:00.000Z',
    ]);
    assert.deepEqual(period('2026-01-15T00:00:00Z'), [
      '2025-12-01T00:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
    ]);
    assert.deepEqual(period('2026-03-01T00:00:00Z'), [
      '2026-01-01T00:00:00.000Z',
      '2026-02-01T00:00:00.000Z',
    ]);
    const justAfter = lastCompletedMonth(micros('2026-03-01T00:00:00Z') + 1);
    assert.equal(justAfter.end.toISOString(), '2026-03-01T00:00:00.000Z');
  });

  test("timestamps as Nova's strptime reads them", () => {
    assert.equal(parseBeforeTimestamp('2026-11-21 00:36:22'), micros('2026-11-21T00:36:22Z'));
    assert.equal(parseBeforeTimestamp('2026-1-2 3:4:5'), micros('2026-01-02T03:04:05Z'));
    assert.equal(parseBeforeTimestamp('2026-11-21 00:36:22.5'), micros('2026-11-21T00:36:22Z') + 500_000);
    assert.equal(parseBeforeTimestamp('2026-11-21 00:36:22.000001'), micros('2026-11-21T00:36:22Z') + 1);
    for (const bad of [
      'invalid_time',
      '2026-11-21',
      '2026-11-21T00:36:22',
      '2026-02-30 00:00:00',
      '2026-11-21 00:00:60',
      '2026-11-21 00:00:00.',
    ]) {
      assert.equal(parseBeforeTimestamp(bad), null, bad);
    }
  });

  test('task logs summed against the hosts: done, running, not run, errors', () => {
    const period = lastCompletedMonth(micros('2026-11-21T00:00:00Z'));
    const report = auditReport(
      period,
      [
        {
          host: 'a',
          state: 'DONE',
          taskItems: 3,
          errors: 1,
          message: 'Instance usage audit ran for host a, 3 instances in 0.1 seconds.',
        },
        { host: 'b', state: 'RUNNING', taskItems: 2, errors: 0, message: '' },
      ],
      ['a', 'b', 'c'],
    );
    assert.deepEqual(report, {
      period_beginning: '2026-10-01 00:00:00',
      period_ending: '2026-11-01 00:00:00',
      num_hosts: 3,
      num_hosts_done: 1,
      num_hosts_running: 1,
      num_hosts_not_run: 1,
      hosts_not_run: ['c'],
      total_instances: 5,
      total_errors: 1,
      overall_status: '1 of 3 hosts done. 1 errors.',
      log: {
        a: {
          state: 'DONE',
          instances: 3,
          errors: 1,
          message: 'Instance usage audit ran for host a, 3 instances in 0.1 seconds.',
        },
        b: { state: 'RUNNING', instances: 2, errors: 0, message: '' },
      },
    });
    assert.equal(auditReport(period, [], []).overall_status, 'ALL hosts done. 0 errors.');
  });
});

describe('/os-instance_usage_audit_log', () => {
  let fx: ActionsFixture;
  before(async () => {
    fx = await actionsFixture();
    await fx.computeHost('host2', false);
    fx.compute.deps.now = () => new Date('2026-11-21T00:36:22.000Z');
  });
  after(() => fx.close());

  const notRun = {
    hosts_not_run: ['host1', 'host2'],
    log: {},
    num_hosts: 2,
    num_hosts_done: 0,
    num_hosts_not_run: 2,
    num_hosts_running: 0,
    overall_status: '0 of 2 hosts done. 0 errors.',
    total_errors: 0,
    total_instances: 0,
  };

  test('the list: the last whole month, no host having run the audit', async () => {
    const response = await fx.compute.request('GET', '/os-instance_usage_audit_log');
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {
      instance_usage_audit_logs: {
        ...notRun,
        period_beginning: '2026-10-01 00:00:00',
        period_ending: '2026-11-01 00:00:00',
      },
    });
  });

  test('before a time given in the path, quoted as Tempest sends it', async () => {
    const response = await fx.compute.request(
      'GET',
      '/os-instance_usage_audit_log/2012-12-15%2010%3A00%3A00',
    );
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {
      instance_usage_audit_log: {
        ...notRun,
        period_beginning: '2012-11-01 00:00:00',
        period_ending: '2012-12-01 00:00:00',
      },
    });
  });

  test('an invalid timestamp is a 400; members are refused both', async () => {
    const bad = await fx.compute.request('GET', '/os-instance_usage_audit_log/invalid_time');
    assert.equal(bad.statusCode, 400);
    assert.equal(faultMessage(bad), 'Invalid timestamp for date invalid_time');
    const list = await fx.compute.request('GET', '/os-instance_usage_audit_log', { caller: 'member' });
    assert.equal(list.statusCode, 403);
    const show = await fx.compute.request('GET', '/os-instance_usage_audit_log/2012-12-15%2010%3A00%3A00', {
      caller: 'member',
    });
    assert.equal(show.statusCode, 403);
  });
});
