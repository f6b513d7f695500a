import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { blockStorageTestApp, type BlockStorageTestApp } from '../../../helpers/block-storage-app.js';

describe('block storage version discovery', () => {
  let cloud: BlockStorageTestApp;
  before(async () => {
    cloud = await blockStorageTestApp();
  });
  after(() => cloud.close());

  it('lists v3 at the root with 300 Multiple Choices, without a token', async () => {
    const response = await cloud.app.inject({ method: 'GET', url: '/volume/' });
    assert.equal(response.statusCode, 300);
    const [version] = response.json().versions;
    assert.equal(version.id, 'v3.0');
    assert.equal(version.status, 'CURRENT');
    assert.equal(version.min_version, '3.0');
    assert.equal(version.version, '3.70');
    assert.deepEqual(
      version.links.find((link: { rel: string }) => link.rel === 'self').href,
      'http://stratus.test/volume/v3/',
    );
  });

  it('shows the same version at /v3/ with 200', async () => {
    const response = await cloud.app.inject({ method: 'GET', url: '/volume/v3/' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().versions[0].id, 'v3.0');
  });

  it('names the microversion it served in OpenStack-API-Version', async () => {
    const response = await cloud.request('GET', '/volumes', { microversion: '3.50' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['openstack-api-version'], 'volume 3.50');
  });

  it('refuses a microversion above 3.70 with 406', async () => {
    const response = await cloud.request('GET', '/volumes', { microversion: '3.71' });
    assert.equal(response.statusCode, 406);
  });
});
