import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { novncAccessUrl, novncBaseUrl } from '../../../../src/compute/console/novnc-url.js';

const TOKEN = '6f0f1c0e-4b8a-4a7e-9d5c-2f1e3d4c5b6a';

/** The request line Tempest's `create_websocket` sends for a console URL: `GET /<path>`. */
function tempestRequestPath(url: string): string {
  return `/${new URL(url).searchParams.get('path')}`;
}

describe('noVNC console URLs', () => {
  test("Nova's shape: the page, the token inside `path`", () => {
    const url = novncAccessUrl(novncBaseUrl('http://stratus.test'), TOKEN);
    assert.equal(
      url,
      `http://stratus.test/console/vnc_lite.html?path=console%2Fwebsockify%3Ftoken%3D${TOKEN}`,
    );
    assert.equal(tempestRequestPath(url), `/console/websockify?token=${TOKEN}`);
  });

  test('a public URL with a path prefix keeps it in the page and in the websocket path', () => {
    const url = novncAccessUrl(novncBaseUrl('https://cloud.example:8443/stratus/'), TOKEN);
    assert.equal(new URL(url).pathname, '/stratus/console/vnc_lite.html');
    assert.equal(tempestRequestPath(url), `/stratus/console/websockify?token=${TOKEN}`);
  });

  test("Tempest's bad-token edit of `path` yields a token that is not the one given", () => {
    const url = new URL(novncAccessUrl(novncBaseUrl('http://stratus.test'), TOKEN));
    url.searchParams.set('path', url.searchParams.get('path')!.replace('token=', 'token=bad'));
    assert.equal(tempestRequestPath(url.href), `/console/websockify?token=bad${TOKEN}`);
  });
});
