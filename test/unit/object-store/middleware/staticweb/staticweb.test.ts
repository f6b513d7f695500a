import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  MEMBER_ACCOUNT,
  objectStoreTestApp,
  type ObjectStoreTestApp,
} from '../../../../helpers/object-store-app.js';

describe('staticweb middleware', () => {
  let swift: ObjectStoreTestApp;
  const anonymous = (path: string) => swift.request('GET', path, { caller: null });
  const setWeb = (headers: Record<string, string>) => swift.request('POST', '/site', { headers });

  before(async () => {
    swift = await objectStoreTestApp();
    await swift.request('PUT', '/site', { headers: { 'x-container-read': '.r:*,.rlistings' } });
    await swift.request('PUT', '/site/index.html', { body: '<p>home</p>' });
    await swift.request('PUT', '/site/docs/guide.txt', { body: 'read me' });
    await swift.request('PUT', '/site/404error.html', { body: 'no such page' });
  });
  after(() => swift.close());

  it("passes refusals on as the API gives them, a 401's WWW-Authenticate included", async () => {
    await swift.request('PUT', '/private');
    await swift.request('PUT', '/private/o', { body: 'x' });
    const refused = await anonymous('/private/o');
    assert.equal(refused.statusCode, 401);
    assert.match(String(refused.headers['www-authenticate']), /^Keystone uri=/);
  });

  it('leaves a container without web settings to the API', async () => {
    const response = await anonymous('');
    assert.equal(response.statusCode, 401);
    const listing = await anonymous('/site');
    assert.equal(listing.statusCode, 200);
    assert.equal(listing.headers['content-type'], 'text/plain; charset=utf-8');
  });

  it('serves the index object at the container, after a redirect to its slash', async () => {
    await setWeb({ 'x-container-meta-web-index': 'index.html' });
    const bare = await anonymous('/site');
    assert.equal(bare.statusCode, 301);
    assert.equal(bare.headers.location, `/object-store/v1/${MEMBER_ACCOUNT}/site/`);
    const page = await anonymous('/site/');
    assert.equal(page.statusCode, 200);
    assert.equal(page.body, '<p>home</p>');
    // A token holder gets the API's listing, unless asking for the web mode.
    assert.equal((await swift.request('GET', '/site')).statusCode, 200);
    const webMode = await swift.request('GET', '/site/', { headers: { 'x-web-mode': 'true' } });
    assert.equal(webMode.body, '<p>home</p>');
    await setWeb({ 'x-container-meta-web-index': '' });
  });

  it('lists the container and its folders as HTML, with the stylesheet set', async () => {
    await setWeb({
      'x-container-meta-web-listings': 'true',
      'x-container-meta-web-listings-css': 'listings.css',
    });
    const root = await anonymous('/site/');
    assert.equal(root.statusCode, 200);
    assert.equal(root.headers['content-type'], 'text/html; charset=UTF-8');
    assert.match(root.body, /<title>Listing of \/v1\/AUTH_[0-9a-f]+\/site\/<\/title>/);
    assert.ok(root.body.includes('<link rel="stylesheet" type="text/css" href="listings.css" />'));
    assert.ok(root.body.includes('<a href="./docs/">docs/</a>'));
    assert.ok(root.body.includes('<a href="./index%2Ehtml">index.html</a>'));
    const folder = await anonymous('/site/docs');
    assert.equal(folder.statusCode, 301);
    const inside = await anonymous('/site/docs/');
    assert.ok(inside.body.includes('<a href="./guide%2Etxt">guide.txt</a>'));
    assert.ok(inside.body.includes('href="../listings.css"'));
    assert.ok(inside.body.includes('<a href="../">../</a>'));
  });

  it("answers a missing page with the owner's error page and the 404", async () => {
    await setWeb({ 'x-container-meta-web-listings': 'true', 'x-container-meta-web-error': 'error.html' });
    const missing = await anonymous('/site/nothing-here');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.body, 'no such page');
    assert.equal((await anonymous('/site/docs/guide.txt')).body, 'read me');
  });

  it('says listings are off when only the index is set and it is missing', async () => {
    await setWeb({
      'x-container-meta-web-listings': '',
      'x-container-meta-web-error': '',
      'x-container-meta-web-index': 'missing.html',
    });
    const response = await anonymous('/site/');
    assert.equal(response.statusCode, 404);
    assert.match(response.body, /Web Listing Disabled/);
    assert.match(response.body, /X-Container-Meta-Web-Index: missing.html/);
  });
});
