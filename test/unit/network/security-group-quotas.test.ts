import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { networkTestApp, type NetworkTestApp } from '../../helpers/network-app.js';

describe('security group quotas', () => {
  let net: NetworkTestApp;
  before(async () => {
    net = await networkTestApp({
      configure: (config) => {
        config.network.quota.security_group = 2;
        config.network.quota.security_group_rule = 8;
      },
    });
  });
  after(() => net.close());

  test('the default group counts against the group quota, and new groups against both', async () => {
    // default (4 rules) + one group (2 rules) = 2 groups, 6 rules.
    const { security_group: group } = await net.json('POST', '/security-groups', 201, {
      body: { security_group: { name: 'one' } },
    });
    const second = await net.request('POST', '/security-groups', {
      body: { security_group: { name: 'two' } },
    });
    assert.equal(second.statusCode, 409);
    assert.deepEqual(second.json().NeutronError, {
      type: 'OverQuota',
      message: "Quota exceeded for resources: ['security_group'].",
      detail: '',
    });
    const rule = (port: number) =>
      net.request('POST', '/security-group-rules', {
        body: {
          security_group_rule: {
            security_group_id: group.id,
            direction: 'ingress',
            protocol: 'tcp',
            port_range_min: port,
            port_range_max: port,
          },
        },
      });
    assert.equal((await rule(80)).statusCode, 201);
    assert.equal((await rule(443)).statusCode, 201);
    const over = await rule(8080);
    assert.equal(over.statusCode, 409);
    assert.equal(over.json().NeutronError.message, "Quota exceeded for resources: ['security_group_rule'].");
    const { security_group_rules } = await net.json(
      'GET',
      `/security-group-rules?security_group_id=${group.id}`,
      200,
    );
    assert.equal(security_group_rules.length, 4, 'nothing was added by the refused create');
  });
});
