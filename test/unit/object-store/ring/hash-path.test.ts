import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hashPath, hashPathDigest, partitionOfDigest } from '../../../../src/object-store/ring/hash-path.js';

/*
 * Expected values come from Swift itself: its own test vectors (test/unit/common/test_utils.py
 * test_hash_path, suffix "endcap") and, for partitions and salts of ours, python3:
 *   d = hashlib.md5(prefix + b'/' + b'/'.join(parts) + suffix).digest()
 *   struct.unpack_from('>I', d)[0] >> (32 - part_power)
 */
describe('hash path', () => {
  const endcap = { prefix: '', suffix: 'endcap' };

  test("Swift's own vectors: account, container, object; and with a prefix", () => {
    assert.equal(hashPath(endcap, 'a'), '1c84525acb02107ea475dcd3d09c2c58');
    assert.equal(hashPath(endcap, 'a', 'c'), '33379ecb053aa5c9e356c68997cbb59e');
    assert.equal(hashPath(endcap, 'a', 'c', 'o'), '06fbf0b514e5199dfc4e00f42eb5ea83');
    assert.equal(
      hashPath({ prefix: 'abcdef', suffix: 'endcap' }, 'a', 'c', 'o'),
      '363f9b535bfb7d17a43a46a358afca0e',
    );
  });

  test('an object needs a container; an empty container or object counts as absent', () => {
    assert.throws(() => hashPath(endcap, 'a', undefined, 'o'), /container is required/);
    assert.throws(() => hashPath(endcap, 'a', '', 'o'), /container is required/);
    assert.equal(hashPath(endcap, 'a', ''), hashPath(endcap, 'a'));
    assert.equal(hashPath(endcap, 'a', 'c', ''), hashPath(endcap, 'a', 'c'));
  });

  test('partitions are the top part-power bits of the first four bytes, as python computes them', () => {
    const salt = { prefix: '', suffix: 'changeme' };
    const vectors: [string[], string, number, number][] = [
      [['a'], 'b8ea67c480b33ac40c79510c7df2b8a8', 739, 189353],
      [['AUTH_test', 'c'], '26e5f92ddb812f3a145582033a81302f', 155, 39831],
      [['AUTH_test', 'c', 'o'], '7363996f2cfb95eaa18df19ccc31aece', 461, 118158],
      [['AUTH_test', 'cont', 'obj/with slash é'], '1a0a396672eb863f3343621deac03898', 104, 26664],
    ];
    for (const [[account, container, object], hex, power10, power18] of vectors) {
      assert.equal(hashPath(salt, account, container, object), hex);
      const digest = hashPathDigest(salt, account, container, object);
      assert.equal(partitionOfDigest(digest, 10), power10);
      assert.equal(partitionOfDigest(digest, 18), power18);
    }
    const prefixed = hashPathDigest({ prefix: 'pre', suffix: 'suf' }, 'AUTH_test', 'c', 'o');
    assert.equal(prefixed.toString('hex'), 'c986cba3005b6c92e63df5b00b653be6');
    assert.equal(partitionOfDigest(prefixed, 10), 806);
  });

  test('part power 0 has one partition, 32 takes the whole word', () => {
    const digest = hashPathDigest(endcap, 'a');
    assert.equal(partitionOfDigest(digest, 0), 0);
    assert.equal(partitionOfDigest(digest, 32), 0x1c84525a);
  });
});
