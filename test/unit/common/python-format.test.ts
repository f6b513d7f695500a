import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pythonPformat, pythonRepr, type JsonValue } from '../../../src/common/python-format.js';

// Expected texts printed by Debian 12's Python 3.11 (repr, pprint.pformat(width=72)).
const CASES: Array<[JsonValue, string, string]> = [
  [
    {
      description:
        'Metadata which can be used to record which instance this image is associated with. (Informational only, does not create an instance snapshot.)',
      type: 'string',
      is_base: false,
    },
    "{'description': 'Metadata which can be used to record which instance this image is associated with. (Informational only, does not create an instance snapshot.)', 'type': 'string', 'is_base': False}",
    "{'description': 'Metadata which can be used to record which instance '\n                'this image is associated with. (Informational only, '\n                'does not create an instance snapshot.)',\n 'is_base': False,\n 'type': 'string'}",
  ],
  [
    [
      'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
      {
        x: [1, 2, 3],
        y: null,
        z: true,
      },
    ],
    "['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', {'x': [1, 2, 3], 'y': None, 'z': True}]",
    "['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',\n 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',\n {'x': [1, 2, 3], 'y': None, 'z': True}]",
  ],
  [
    'it\'s a "quote" and a backslash \\ and\nnewline',
    "'it\\'s a \"quote\" and a backslash \\\\ and\\nnewline'",
    "'it\\'s a \"quote\" and a backslash \\\\ and\\nnewline'",
  ],
  [
    {
      stores:
        'Store in which image data resides.  Only present when the operator has enabled multiple stores.  May be a comma-separated list of store identifiers.',
      k: 1.5,
    },
    "{'stores': 'Store in which image data resides.  Only present when the operator has enabled multiple stores.  May be a comma-separated list of store identifiers.', 'k': 1.5}",
    "{'k': 1.5,\n 'stores': 'Store in which image data resides.  Only present when the '\n           'operator has enabled multiple stores.  May be a '\n           'comma-separated list of store identifiers.'}",
  ],
  [
    'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'",
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'",
  ],
  [
    'a long string with spaces a long string with spaces a long string with spaces a long string with spaces ',
    "'a long string with spaces a long string with spaces a long string with spaces a long string with spaces '",
    "('a long string with spaces a long string with spaces a long string '\n 'with spaces a long string with spaces ')",
  ],
];

describe('Python repr and pformat of JSON values', () => {
  for (const [value, repr, pformat] of CASES) {
    test(`${pythonRepr(value).slice(0, 40)}...`, () => {
      assert.equal(pythonRepr(value), repr);
      assert.equal(pythonPformat(value, 72), pformat);
    });
  }

  test('scalars', () => {
    assert.equal(pythonRepr(null), 'None');
    assert.equal(pythonRepr(true), 'True');
    assert.equal(pythonRepr(false), 'False');
    assert.equal(pythonRepr(42), '42');
    assert.equal(pythonRepr("it's"), '"it\'s"');
  });
});
