import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { identityTestApp, type IdentityTestApp } from '../../../helpers/identity-app.js';

const CUSTOM = {
  identity: { driver: 'ldap' },
  ldap: { url: 'ldap://myldap.com:389/', user_tree_dn: 'ou=Users,dc=my_new_root,dc=org' },
};

describe('domain configuration', () => {
  let identity: IdentityTestApp;
  before(async () => {
    identity = await identityTestApp();
  });
  after(() => identity.close());

  let domains = 0;
  const newDomain = async (): Promise<string> => {
    const response = await identity.request('POST', '/identity/v3/domains', 'admin', {
      domain: { name: `config-domain-${++domains}` },
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json().domain.id;
  };
  const call = (method: string, path: string, body?: object) =>
    identity.request(method, `/identity/v3/domains/${path}`, 'admin', body);

  test('defaults: every identity and ldap option with keystone.conf’s value', async () => {
    const all = await call('GET', 'config/default');
    assert.equal(all.statusCode, 200);
    const config = all.json().config;
    assert.deepEqual(Object.keys(config), ['identity', 'ldap']);
    assert.deepEqual(config.identity, { driver: 'sql', list_limit: null });
    assert.equal(config.ldap.url, 'ldap://localhost');
    assert.equal(config.ldap.password, undefined);
    assert.deepEqual((await call('GET', 'config/identity/default')).json().config, {
      identity: config.identity,
    });
    for (const option of Object.keys(config.ldap)) {
      const one = await call('GET', `config/ldap/${option}/default`);
      assert.deepEqual(one.json().config, { [option]: config.ldap[option] });
    }
  });

  test('defaults of an unsupported group or option, or of a sensitive one, are refused', async () => {
    const cases: [string, string][] = [
      ['config/foo/default', 'Group foo is not supported for domain specific configurations'],
      [
        'config/ldap/foo/default',
        'Option foo in group ldap is not supported for domain specific configurations',
      ],
      [
        'config/ldap/password/default',
        'Reading the default for option password in group ldap is not supported',
      ],
    ];
    for (const [path, reason] of cases) {
      const response = await call('GET', path);
      assert.equal(response.statusCode, 403);
      assert.equal(response.json().error.message, `Invalid domain specific configuration: ${reason}.`);
    }
  });

  test('PUT creates (201) then replaces (200); groups and options are shown one by one', async () => {
    const domain = await newDomain();
    const created = await call('PUT', `${domain}/config`, { config: CUSTOM });
    assert.equal(created.statusCode, 201);
    assert.deepEqual(created.json().config, CUSTOM);
    assert.deepEqual((await call('GET', `${domain}/config`)).json().config, CUSTOM);
    assert.deepEqual((await call('GET', `${domain}/config/ldap`)).json().config, { ldap: CUSTOM.ldap });
    assert.deepEqual((await call('GET', `${domain}/config/ldap/url`)).json().config, {
      url: CUSTOM.ldap.url,
    });

    const replaced = await call('PUT', `${domain}/config`, { config: { ldap: { url: 'ldap://other' } } });
    assert.equal(replaced.statusCode, 200);
    assert.deepEqual(replaced.json().config, { ldap: { url: 'ldap://other' } });
    const gone = await call('GET', `${domain}/config/identity`);
    assert.equal(gone.statusCode, 404);
    assert.equal(
      gone.json().error.message,
      `Could not find group identity in domain configuration for domain ${domain}.`,
    );
  });

  test('the LDAP password is stored but never shown', async () => {
    const domain = await newDomain();
    const created = await call('PUT', `${domain}/config`, {
      config: { ldap: { url: 'ldap://x', password: 'secret' } },
    });
    assert.deepEqual(created.json().config, { ldap: { url: 'ldap://x' } });
    const option = await call('GET', `${domain}/config/ldap/password`);
    assert.equal(option.statusCode, 404);
    // It is there all the same: it can be updated and deleted.
    const updated = await call('PATCH', `${domain}/config/ldap/password`, { config: { password: 'new' } });
    assert.equal(updated.statusCode, 200);
    assert.deepEqual(updated.json().config, { ldap: { url: 'ldap://x' } });
    assert.equal((await call('DELETE', `${domain}/config/ldap/password`)).statusCode, 204);
    assert.equal((await call('DELETE', `${domain}/config/ldap/password`)).statusCode, 404);
  });

  test('PATCH merges into the config, a group or an option, which must already be set', async () => {
    const domain = await newDomain();
    await call('PUT', `${domain}/config`, { config: CUSTOM });
    const whole = await call('PATCH', `${domain}/config`, { config: { ldap: { user: 'cn=admin' } } });
    assert.equal(whole.statusCode, 200);
    assert.equal(whole.json().config.ldap.user, 'cn=admin');
    assert.equal(whole.json().config.ldap.url, CUSTOM.ldap.url);

    const group = await call('PATCH', `${domain}/config/identity`, {
      config: { identity: { driver: 'other', list_limit: 42 } },
    });
    assert.deepEqual(group.json().config.identity, { driver: 'other', list_limit: 42 });
    const option = await call('PATCH', `${domain}/config/identity/driver`, { config: { driver: 'third' } });
    assert.deepEqual(option.json().config.identity, { driver: 'third', list_limit: 42 });

    const missing = await call('PATCH', `${domain}/config/ldap/group_tree_dn`, {
      config: { group_tree_dn: 'x' },
    });
    assert.equal(missing.statusCode, 404);
    assert.equal(
      missing.json().error.message,
      `Could not find option group_tree_dn in group ldap in domain configuration for domain ${domain}.`,
    );
  });

  test('a PATCH of a group or option must carry that group or option alone', async () => {
    const domain = await newDomain();
    await call('PUT', `${domain}/config`, { config: CUSTOM });
    const cases: [string, object, string][] = [
      [
        'config/ldap',
        { identity: { driver: 'x' } },
        'request to update group ldap, but config provided contains group identity instead',
      ],
      [
        'config/ldap',
        { ldap: { url: 'u' }, identity: { driver: 'x' } },
        'Trying to update group ldap, so that, and only that, group must be specified in the config',
      ],
      [
        'config/identity/driver',
        { list_limit: 5 },
        'Trying to update option driver in group identity, but config provided contains option list_limit instead',
      ],
      [
        'config/identity/driver',
        { driver: 'x', list_limit: 5 },
        'Trying to update option driver in group identity, so that, and only that, option must be specified  in the config',
      ],
    ];
    for (const [path, config, reason] of cases) {
      const response = await call('PATCH', `${domain}/${path}`, { config });
      assert.equal(response.statusCode, 403, path);
      assert.equal(response.json().error.message, `Invalid domain specific configuration: ${reason}.`);
    }
  });

  test('invalid configurations are refused as Keystone does (403)', async () => {
    const domain = await newDomain();
    const cases: [object, string][] = [
      [{ config: {} }, 'No options specified'],
      [{}, 'No options specified'],
      [
        { config: { ldap: {} } },
        'The value of group ldap specified in the config should be a dictionary of options',
      ],
      [
        { config: { ldap: 'x' } },
        'The value of group ldap specified in the config should be a dictionary of options',
      ],
      [{ config: { foo: { a: 1 } } }, 'Group foo is not supported for domain specific configurations'],
      [
        { config: { identity: { driver: 'ldap', bad: 1 } } },
        'Option bad in group identity is not supported for domain specific configurations',
      ],
    ];
    for (const [body, reason] of cases) {
      const response = await call('PUT', `${domain}/config`, body);
      assert.equal(response.statusCode, 403, JSON.stringify(body));
      assert.equal(response.json().error.message, `Invalid domain specific configuration: ${reason}.`);
    }
    const notObject = await call('PUT', `${domain}/config`, { config: 'x' });
    assert.equal(notObject.statusCode, 400);
    assert.match(notObject.json().error.message, /config/);
  });

  test('DELETE removes an option, a group, or everything', async () => {
    const domain = await newDomain();
    await call('PUT', `${domain}/config`, { config: CUSTOM });
    assert.equal((await call('DELETE', `${domain}/config/ldap/url`)).statusCode, 204);
    assert.deepEqual((await call('GET', `${domain}/config/ldap`)).json().config, {
      ldap: { user_tree_dn: CUSTOM.ldap.user_tree_dn },
    });
    const missingOption = await call('DELETE', `${domain}/config/ldap/url`);
    assert.equal(missingOption.statusCode, 404);
    assert.equal((await call('DELETE', `${domain}/config/ldap`)).statusCode, 204);
    assert.equal((await call('DELETE', `${domain}/config/ldap`)).statusCode, 404);
    assert.equal((await call('DELETE', `${domain}/config`)).statusCode, 204);
    const none = await call('GET', `${domain}/config`);
    assert.equal(none.statusCode, 404);
    assert.equal(
      none.json().error.message,
      `Could not find any options in domain configuration for domain ${domain}.`,
    );
  });

  test('an unknown domain: writes are 404 for the domain, reads find no options', async () => {
    for (const [method, body] of [
      ['PUT', { config: CUSTOM }],
      ['PATCH', { config: CUSTOM }],
      ['DELETE', undefined],
    ] as const) {
      const response = await call(method, 'nowhere/config', body);
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().error.message, 'Could not find domain: nowhere.');
    }
    const read = await call('GET', 'nowhere/config');
    assert.equal(read.statusCode, 404);
    assert.equal(
      read.json().error.message,
      'Could not find any options in domain configuration for domain nowhere.',
    );
  });

  test('deleting a domain deletes its configuration', async () => {
    const domain = await newDomain();
    await call('PUT', `${domain}/config`, { config: CUSTOM });
    await call('PATCH', domain, { domain: { enabled: false } });
    assert.equal((await call('DELETE', domain)).statusCode, 204);
    const rows = await identity.db
      .selectFrom('domain_config')
      .selectAll()
      .where('domain_id', '=', domain)
      .execute();
    assert.deepEqual(rows, []);
  });

  test('the security_compliance group shows the password rules of the default domain only', async () => {
    const group = await identity.request(
      'GET',
      '/identity/v3/domains/default/config/security_compliance',
      'member',
    );
    assert.equal(group.statusCode, 200);
    assert.deepEqual(group.json().config, {
      security_compliance: { password_regex: null, password_regex_description: null },
    });
    const option = await call('GET', 'default/config/security_compliance/password_regex');
    assert.deepEqual(option.json().config, { password_regex: null });
    const other = await call('GET', 'default/config/security_compliance/lockout_duration');
    assert.equal(other.statusCode, 403);
    const domain = await newDomain();
    const elsewhere = await call('GET', `${domain}/config/security_compliance`);
    assert.equal(elsewhere.statusCode, 403);
  });

  test('only the cloud admin writes configurations; members read none', async () => {
    const domain = await newDomain();
    const put = await identity.request('PUT', `/identity/v3/domains/${domain}/config`, 'member', {
      config: CUSTOM,
    });
    assert.equal(put.statusCode, 403);
    const read = await identity.request('GET', '/identity/v3/domains/config/default', 'member');
    assert.equal(read.statusCode, 403);
    identity.as('domain-admin', {
      domainId: domain,
      domainName: 'config-domain',
      roles: ['admin', 'member', 'reader'],
      isAdminProject: false,
    });
    const own = await identity.request('PUT', `/identity/v3/domains/${domain}/config`, 'domain-admin', {
      config: CUSTOM,
    });
    assert.equal(own.statusCode, 403);
  });
});
