import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { imageTestApp, type ImageTestApp } from '../../../helpers/image-app.js';
import upstream from './fixtures/glance-messages.json' with { type: 'json' };

const NAMESPACES = '/v2/metadefs/namespaces';
const webob = (text: string) => `${text}<br /><br />\n\n\n`;

// Expected texts are what Debian 12's Glance answers to the same requests.
describe('metadef request bodies, refused in Glance’s words', () => {
  let image: ImageTestApp;
  before(async () => {
    image = await imageTestApp();
    assert.equal((await image.request('POST', NAMESPACES, 'admin', { namespace: 'ns' })).statusCode, 201);
  });
  after(() => image.close());

  const refusal = async (method: string, url: string, body: unknown, status = 400) => {
    const response = await image.request(method, url, 'admin', body);
    assert.equal(response.statusCode, status, response.body);
    return response.json().message;
  };

  test('the failing schema is printed whole, as jsonschema prints it', async () => {
    assert.equal(await refusal('POST', NAMESPACES, { display_name: 'x' }), upstream.namespaceRequired);
    assert.equal(
      await refusal('POST', `${NAMESPACES}/ns/properties`, {
        name: 'p2',
        title: 'P2',
        type: 'integer',
        confidential: true,
      }),
      upstream.propertyAdditional,
    );
  });

  test('references into the definitions, allOf, minimum, minItems and uniqueItems', async () => {
    const cases: Array<[string, unknown, string]> = [
      [
        NAMESPACES,
        { namespace: 'x', properties: { a: { title: 1, type: 'string' } } },
        "Provided object does not match schema 'namespace': 1 is not of type 'string'\n\nFailed validating 'type' in schema['properties']['properties']['additionalProperties']['properties']['title']:\n    {'type': 'string'}\n\nOn instance['properties']['a']['title']:\n    1",
      ],
      [
        `${NAMESPACES}/ns/properties`,
        { name: 'q', title: 't', type: 'string', minLength: -1 },
        "Provided object does not match schema 'property': -1 is less than the minimum of 0\n\nFailed validating 'minimum' in schema['properties']['minLength']['allOf'][0]:\n    {'minimum': 0, 'type': 'integer'}\n\nOn instance['minLength']:\n    -1",
      ],
      [
        `${NAMESPACES}/ns/properties`,
        { name: 'q', title: 't', type: 'string', required: [] },
        "Provided object does not match schema 'property': [] is too short\n\nFailed validating 'minItems' in schema['properties']['required']:\n    {'items': {'type': 'string'},\n     'minItems': 1,\n     'type': 'array',\n     'uniqueItems': True}\n\nOn instance['required']:\n    []",
      ],
      [
        `${NAMESPACES}/ns/objects`,
        { name: 'q', required: ['a', 'a'] },
        "Provided object does not match schema 'object': ['a', 'a'] has non-unique elements\n\nFailed validating 'uniqueItems' in schema['properties']['required']:\n    {'items': {'type': 'string'}, 'type': 'array', 'uniqueItems': True}\n\nOn instance['required']:\n    ['a', 'a']",
      ],
      [
        `${NAMESPACES}/ns/objects`,
        { name: 'q', properties: { z: { title: 't', type: 'string', maxItems: -2 } } },
        "Provided object does not match schema 'object': -2 is less than the minimum of 0\n\nFailed validating 'minimum' in schema['properties']['properties']['additionalProperties']['properties']['maxItems']:\n    {'minimum': 0, 'type': 'integer'}\n\nOn instance['properties']['z']['maxItems']:\n    -2",
      ],
    ];
    for (const [url, body, text] of cases) assert.equal(await refusal('POST', url, body), webob(text));
  });

  test("an object's properties are checked against the property schema on create", async () => {
    const message = await refusal('POST', `${NAMESPACES}/ns/objects`, {
      name: 'q',
      properties: { z: { title: 't', type: 'string', confidential: true } },
    });
    assert.match(
      message,
      /^Provided object does not match schema 'property': Additional properties are not allowed/,
    );
  });

  test('attributes the server writes are refused before the schema check', async () => {
    for (const [url, key] of [
      [NAMESPACES, 'schema'],
      [`${NAMESPACES}/ns/objects`, 'self'],
      [`${NAMESPACES}/ns/properties`, 'updated_at'],
      [`${NAMESPACES}/ns/tags`, 'created_at'],
    ]) {
      assert.equal(
        await refusal('POST', url, { [key]: 'x' }, 403),
        webob(`Attribute '${key}' is read-only.`),
      );
    }
    assert.equal(
      await refusal('POST', `${NAMESPACES}/ns/objects`, undefined),
      webob('Body expected in request.'),
    );
  });

  test('values the schema lets through but Glance’s model cannot take are 400s naming the attribute', async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      [
        `${NAMESPACES}/ns/properties`,
        { name: 'e', title: 'E', type: 'string', enum: [1, 'x'] },
        /^Invalid input for field\/attribute property\.enum\. Value: '1'\. Wrong type/,
      ],
      [
        `${NAMESPACES}/ns/properties`,
        { name: 'i', title: 'I', type: 'array', items: { enum: ['a'] } },
        /^Invalid input for field\/attribute property\.items\.type\. Value: 'None'\. Mandatory field missing\./,
      ],
      [
        `${NAMESPACES}/ns/properties`,
        { name: 'i', title: 'I', type: 'array', items: { type: 'string', x: 1 } },
        /^Unknown attribute for argument property\.items: x/,
      ],
      [
        NAMESPACES,
        { namespace: 'w', objects: [{ description: 'no name' }] },
        /^Invalid input for field\/attribute objects\[0\]\.name\. Value: 'None'\. Mandatory field missing\./,
      ],
      [
        NAMESPACES,
        { namespace: 'w', properties: { p: { title: 'P', type: 'string', bogus: true } } },
        /^Unknown attribute for argument namespace\.properties\.p: bogus/,
      ],
      [
        NAMESPACES,
        ['not', 'an', 'object'],
        /^Invalid input for field\/attribute namespace\. Value: '\['not', 'an', 'object'\]'\. Wrong type/,
      ],
    ];
    for (const [url, body, pattern] of cases) assert.match(await refusal('POST', url, body), pattern);
  });

  test('4-byte characters are refused with the attribute named', async () => {
    const cases: Array<[string, unknown, string]> = [
      [
        NAMESPACES,
        { namespace: 'x😀' },
        "Couldn't create metadata namespace: Namespace can't contain 4 byte unicode characters.",
      ],
      [
        NAMESPACES,
        { namespace: 'x', display_name: '😀' },
        "Couldn't create metadata namespace: Display_Name can't contain 4 byte unicode characters.",
      ],
      [
        `${NAMESPACES}/ns/objects`,
        { name: 'o', description: '😀' },
        "Couldn't create metadata object: Description can't contain 4 byte unicode characters.",
      ],
      [
        `${NAMESPACES}/ns/properties`,
        { name: 'p', title: 't😀', type: 'string' },
        "Couldn't create metadata property: Title can't contain 4 byte unicode characters.",
      ],
    ];
    for (const [url, body, text] of cases) assert.equal(await refusal('POST', url, body), webob(text));
    assert.equal(
      await refusal('PUT', `${NAMESPACES}/ns`, { namespace: 'ns', description: '😀' }),
      webob("Couldn't update metadata namespace: Description can't contain 4 byte unicode characters."),
    );
    assert.equal((await image.request('GET', `${NAMESPACES}/x`, 'admin')).statusCode, 404);
  });
});
