import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  keystoneVersionList,
  versionChoices,
  versionDocument,
  versionHref,
  versionList,
  type ApiVersion,
} from '../../../../src/common/http/version-discovery.js';

// The expected documents are upstream's (Zed api samples, or the answers of a running Keystone).

const base = 'http://openstack.example.com';

const novaV20: ApiVersion = {
  id: 'v2.0',
  status: 'SUPPORTED',
  href: versionHref(base, 'v2'),
  microversions: { min: '', max: '' },
  updated: '2011-01-21T11:33:21Z',
  describedBy: 'http://docs.openstack.org/',
  mediaTypes: [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2' }],
};

const novaV21: ApiVersion = {
  id: 'v2.1',
  status: 'CURRENT',
  href: versionHref(base, 'v2.1'),
  microversions: { min: '2.1', max: '2.93' },
  updated: '2013-07-23T11:33:21Z',
  describedBy: 'http://docs.openstack.org/',
  mediaTypes: [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' }],
};

describe('version discovery documents', () => {
  test('versionHref joins with a trailing slash', () => {
    assert.equal(versionHref('http://h/compute/', '/v2.1'), 'http://h/compute/v2.1/');
    assert.equal(versionHref('http://h', 'v3'), 'http://h/v3/');
  });

  test("Nova's GET / lists versions without media types or describedby", () => {
    const document = versionList([novaV20, novaV21], { describedBy: 'omit', mediaTypes: false });
    assert.equal(
      JSON.stringify(document),
      JSON.stringify({
        versions: [
          {
            id: 'v2.0',
            status: 'SUPPORTED',
            version: '',
            min_version: '',
            updated: '2011-01-21T11:33:21Z',
            links: [{ rel: 'self', href: 'http://openstack.example.com/v2/' }],
          },
          {
            id: 'v2.1',
            status: 'CURRENT',
            version: '2.93',
            min_version: '2.1',
            updated: '2013-07-23T11:33:21Z',
            links: [{ rel: 'self', href: 'http://openstack.example.com/v2.1/' }],
          },
        ],
      }),
    );
  });

  test("Nova's GET /v2.1 shows one version in full", () => {
    assert.deepEqual(versionDocument(novaV21), {
      version: {
        id: 'v2.1',
        links: [
          { href: 'http://openstack.example.com/v2.1/', rel: 'self' },
          { href: 'http://docs.openstack.org/', rel: 'describedby', type: 'text/html' },
        ],
        'media-types': [
          { base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' },
        ],
        status: 'CURRENT',
        version: '2.93',
        min_version: '2.1',
        updated: '2013-07-23T11:33:21Z',
      },
    });
  });

  test("Nova's 300 choices point the asked path at every version", () => {
    assert.deepEqual(versionChoices([novaV20, novaV21], '/servers/'), {
      choices: [
        {
          id: 'v2.0',
          status: 'SUPPORTED',
          links: [{ rel: 'self', href: 'http://openstack.example.com/v2/servers' }],
          'media-types': novaV20.mediaTypes,
        },
        {
          id: 'v2.1',
          status: 'CURRENT',
          links: [{ rel: 'self', href: 'http://openstack.example.com/v2.1/servers' }],
          'media-types': novaV21.mediaTypes,
        },
      ],
    });
  });

  test("Cinder's versions put describedby before self", () => {
    const cinderV3: ApiVersion = {
      id: 'v3.0',
      status: 'CURRENT',
      href: versionHref('http://127.0.0.1:45697', 'v3'),
      microversions: { min: '3.0', max: '3.70' },
      updated: '2022-08-31T00:00:00Z',
      describedBy: 'https://docs.openstack.org/',
      mediaTypes: [{ base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' }],
    };
    assert.deepEqual(versionList([cinderV3], { describedBy: 'before-self' }), {
      versions: [
        {
          id: 'v3.0',
          links: [
            { href: 'https://docs.openstack.org/', rel: 'describedby', type: 'text/html' },
            { href: 'http://127.0.0.1:45697/v3/', rel: 'self' },
          ],
          'media-types': [
            { base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' },
          ],
          min_version: '3.0',
          status: 'CURRENT',
          updated: '2022-08-31T00:00:00Z',
          version: '3.70',
        },
      ],
    });
  });

  test("Glance's versions have only id, status and a self link", () => {
    const image = (id: string, status: string): ApiVersion => ({
      id,
      status,
      href: versionHref('http://h:9292', 'v2'),
    });
    assert.equal(
      JSON.stringify(versionList([image('v2.16', 'CURRENT'), image('v2.15', 'SUPPORTED')])),
      '{"versions":[{"id":"v2.16","status":"CURRENT","links":[{"rel":"self","href":"http://h:9292/v2/"}]},' +
        '{"id":"v2.15","status":"SUPPORTED","links":[{"rel":"self","href":"http://h:9292/v2/"}]}]}',
    );
  });

  test("Placement's root names its maximum max_version and links to itself", () => {
    const placement: ApiVersion = {
      id: 'v1.0',
      status: 'CURRENT',
      href: '',
      microversions: { min: '1.0', max: '1.39', maxField: 'max_version' },
    };
    assert.deepEqual(versionList([placement]), {
      versions: [
        {
          id: 'v1.0',
          max_version: '1.39',
          min_version: '1.0',
          status: 'CURRENT',
          links: [{ rel: 'self', href: '' }],
        },
      ],
    });
  });

  test("Keystone's root and v3 documents, key for key", () => {
    const v3: ApiVersion = {
      id: 'v3.14',
      status: 'stable',
      href: versionHref('http://127.0.0.1:35357', 'v3'),
      updated: '2020-04-07T00:00:00Z',
      mediaTypes: [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
    };
    // As Keystone answers; parsing keeps the key order, so the comparison covers it.
    const entry =
      '{"id": "v3.14", "status": "stable", "updated": "2020-04-07T00:00:00Z", "links": [{"rel": "self", ' +
      '"href": "http://127.0.0.1:35357/v3/"}], "media-types": [{"base": "application/json", ' +
      '"type": "application/vnd.openstack.identity-v3+json"}]}';
    const upstream = (text: string) => JSON.stringify(JSON.parse(text));
    assert.equal(JSON.stringify(keystoneVersionList([v3])), upstream(`{"versions": {"values": [${entry}]}}`));
    assert.equal(JSON.stringify(versionDocument(v3)), upstream(`{"version": ${entry}}`));
  });
});
