import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { postgresSchema, testEngines } from '../../helpers/postgres-schema.js';
import { PROJECTS } from '../../helpers/fixed-callers.js';
import { networkTestApp, type NetworkTestApp } from '../../helpers/network-app.js';
import {
  defaultSecurityGroupId,
  ensureDefaultSecurityGroup,
} from '../../../src/network/security-groups/default-group.js';

/**
 * The default group under concurrency, on SQLite always and on PostgreSQL (where transactions
 * really interleave) when STRATUS_TEST_POSTGRES_URL names a database this test may add a schema to.
 */
const engines = testEngines();

const SCHEMA = 'network_default_sg_test';

for (const [engine, url] of engines) {
  describe(`the default security group on ${engine}`, () => {
    let net: NetworkTestApp;
    before(async () => {
      net = await networkTestApp({
        databaseUrl: url ? await postgresSchema(url, SCHEMA, 'create') : undefined,
      });
    });
    after(async () => {
      await net.close();
      if (url) await postgresSchema(url, SCHEMA, 'drop');
    });

    const groupsOf = (projectId: string) =>
      net.db.selectFrom('security_groups').selectAll().where('project_id', '=', projectId).execute();

    test('many concurrent first needs make one default group with its four rules', async () => {
      const projectId = 'e4444444444444444444444444444444';
      const ids = await Promise.all(
        Array.from({ length: 12 }, () =>
          net.deps.db.transaction().execute((trx) => ensureDefaultSecurityGroup(trx, net.deps, projectId)),
        ),
      );
      assert.deepEqual(new Set(ids), new Set([defaultSecurityGroupId(projectId)]));
      const groups = await groupsOf(projectId);
      assert.equal(groups.length, 1);
      const rules = await net.db
        .selectFrom('security_group_rules')
        .select('id')
        .where('parent_id', '=', ids[0])
        .execute();
      assert.equal(rules.length, 4);
    });

    test('concurrent lists and creates of a new project end with one default group', async () => {
      net.as('fresh', { projectId: 'f5555555555555555555555555555555', roles: ['member'] });
      const responses = await Promise.all([
        ...Array.from({ length: 5 }, () => net.request('GET', '/security-groups', { caller: 'fresh' })),
        ...Array.from({ length: 5 }, (_, i) =>
          net.request('POST', '/security-groups', {
            caller: 'fresh',
            body: { security_group: { name: `g${i}` } },
          }),
        ),
      ]);
      for (const response of responses) assert.ok([200, 201].includes(response.statusCode), response.body);
      const list = await net.json('GET', '/security-groups?name=default', 200, { caller: 'fresh' });
      assert.equal(list.security_groups.length, 1);
      assert.equal(list.security_groups[0].security_group_rules.length, 4);
    });

    test('a default group made inside a transaction that fails is not kept', async () => {
      const projectId = 'a6666666666666666666666666666666';
      await assert.rejects(
        net.deps.db.transaction().execute(async (trx) => {
          await ensureDefaultSecurityGroup(trx, net.deps, projectId);
          throw new Error('the port create failed');
        }),
        /the port create failed/,
      );
      assert.deepEqual(await groupsOf(projectId), []);
      assert.equal(
        await ensureDefaultSecurityGroup(net.deps.db, net.deps, projectId),
        defaultSecurityGroupId(projectId),
      );
      assert.equal((await groupsOf(projectId)).length, 1);
    });

    test('creating a group, or listing rules, makes the default group first', async () => {
      const { security_group } = await net.json('POST', '/security-groups', 201, {
        body: { security_group: { name: 'first' } },
      });
      const list = await net.json('GET', '/security-groups', 200);
      assert.deepEqual(list.security_groups.map((group: { name: string }) => group.name).sort(), [
        'default',
        'first',
      ]);
      assert.ok(list.security_groups.some((group: { id: string }) => group.id === security_group.id));
      const rules = await net.json('GET', '/security-group-rules?belongs_to_default_sg=true', 200, {
        caller: 'other',
      });
      assert.equal(rules.security_group_rules.length, 4);
      assert.ok(
        rules.security_group_rules.every(
          (rule: { security_group_id: string }) =>
            rule.security_group_id === defaultSecurityGroupId(PROJECTS.two),
        ),
      );
    });
  });
}
