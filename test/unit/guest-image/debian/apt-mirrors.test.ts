import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  aptSources,
  debianMirrorsOf,
  PUBLIC_DEBIAN_MIRRORS,
} from '../../../../src/guest-image/debian/apt-mirrors.js';

describe('apt mirrors', () => {
  test('deb822 paragraphs: the mirror of the release and the one of its security updates', () => {
    const text = [
      'Types: deb',
      '# http://snapshot.debian.org/archive/debian/20250520T000000Z',
      'URIs: http://mirror.example/debian/',
      'Suites: bookworm bookworm-updates',
      'Components: main',
      '',
      'Types: deb-src',
      'URIs: http://src.example/debian',
      'Suites: bookworm-security',
      '',
      'Types: deb',
      'URIs: http://mirror.example/debian-security',
      'Suites: bookworm-security',
      'Components: main',
    ].join('\n');
    assert.deepEqual(debianMirrorsOf(aptSources('debian.sources', text), 'bookworm'), {
      archive: 'http://mirror.example/debian',
      security: 'http://mirror.example/debian-security',
    });
  });

  test('one-line entries, options and comments skipped; a disabled paragraph is not a source', () => {
    const list = [
      '# deb http://old.example/debian bookworm main',
      'deb [arch=amd64 signed-by=/k.gpg] https://packages.cloud.google.com/apt cloud-sdk-bookworm main',
      'deb [arch=amd64] http://local.example/debian bookworm main contrib',
    ].join('\n');
    const disabled = 'Types: deb\nURIs: http://off.example/debian\nSuites: bookworm-security\nEnabled: no\n';
    const sources = [...aptSources('sources.list', list), ...aptSources('off.sources', disabled)];
    assert.deepEqual(debianMirrorsOf(sources, 'bookworm'), {
      archive: 'http://local.example/debian',
      security: PUBLIC_DEBIAN_MIRRORS.security,
    });
  });

  test("Debian's public mirrors when apt has none for the release", () => {
    assert.deepEqual(debianMirrorsOf([], 'bookworm'), PUBLIC_DEBIAN_MIRRORS);
  });
});
