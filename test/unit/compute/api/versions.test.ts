import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { computeTestApp, type ComputeTestApp } from '../../../helpers/compute-app.js';

describe('compute version documents: every version the list links to', () => {
  let compute: ComputeTestApp;
  before(async () => {
    compute = await computeTestApp();
  });
  after(() => compute.close());

  test('GET /compute/v2 is the legacy v2.0 document, with or without the slash', async () => {
    for (const path of ['/compute/v2', '/compute/v2/']) {
      const response = await compute.request('GET', path, { headers: { 'x-auth-token': '' } });
      assert.equal(response.statusCode, 200, path);
      assert.deepEqual(response.json(), {
        version: {
          id: 'v2.0',
          status: 'SUPPORTED',
          version: '',
          min_version: '',
          updated: '2011-01-21T11:33:21Z',
          links: [
            { rel: 'self', href: 'http://stratus.test/compute/v2/' },
            { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' },
          ],
          'media-types': [
            { base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2' },
          ],
        },
      });
    }
  });

  test("each listed version's self link leads to a document with the same self link (Tempest)", async () => {
    const { versions } = (await compute.request('GET', '/compute/')).json() as {
      versions: { links: { rel: string; href: string }[] }[];
    };
    for (const version of versions) {
      const self = version.links.filter((link) => link.rel === 'self');
      assert.equal(self.length, 1);
      const path = new URL(self[0].href).pathname;
      const document = (await compute.request('GET', path)).json() as {
        version: { links: { rel: string; href: string }[] };
      };
      assert.deepEqual(
        document.version.links.filter((link) => link.rel === 'self'),
        self,
      );
    }
  });
});
