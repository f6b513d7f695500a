import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { firstUnsearchableFolder } from '../../../../../src/network/drivers/linux/searchable-path.js';

test('names the first folder on the way that others may not search, or null', () => {
  const top = mkdtempSync(join(tmpdir(), 'searchable-'));
  try {
    const state = join(top, 'data', 'network');
    mkdirSync(state, { recursive: true });
    chmodSync(top, 0o755);
    chmodSync(join(top, 'data'), 0o700);
    chmodSync(state, 0o755);
    assert.equal(firstUnsearchableFolder(state), join(top, 'data'));
    chmodSync(join(top, 'data'), 0o711);
    assert.equal(firstUnsearchableFolder(state), null);
  } finally {
    rmSync(top, { recursive: true, force: true });
  }
});
