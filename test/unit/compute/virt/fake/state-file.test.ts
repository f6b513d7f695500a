import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { StateFile } from '../../../../../src/compute/virt/fake/state-file.js';

describe('StateFile', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'stratus-state-file-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a burst of changes costs two writes, and the file ends with the last state', async () => {
    const path = join(dir, 'burst.json');
    let state = 0;
    let renders = 0;
    const file = new StateFile(path, () => {
      renders += 1;
      return JSON.stringify({ state });
    });
    for (let i = 0; i < 200; i++) {
      state = i;
      file.changed();
    }
    await file.flush();
    assert.equal(renders, 2);
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), { state: 199 });
  });

  test('changes made while a write is under way are written after it', async () => {
    const path = join(dir, 'late.json');
    let state = 'first';
    const file = new StateFile(path, () => state);
    file.changed();
    await new Promise((resolve) => setImmediate(resolve));
    state = 'second';
    file.changed();
    await file.flush();
    assert.equal(readFileSync(path, 'utf8'), 'second');
  });

  test('flush reports a failed write; the next change writes again', async () => {
    const render = () => 'state';
    const broken = new StateFile(join(dir, 'no-such-folder', 'state.json'), render);
    broken.changed();
    await assert.rejects(broken.flush(), { code: 'ENOENT' });

    let fail = true;
    const path = join(dir, 'retried.json');
    const flaky = new StateFile(path, () => {
      if (fail) throw new Error('cannot render');
      return 'written';
    });
    flaky.changed();
    await assert.rejects(flaky.flush(), /cannot render/);
    fail = false;
    flaky.changed();
    await flaky.flush();
    assert.equal(readFileSync(path, 'utf8'), 'written');
  });
});
