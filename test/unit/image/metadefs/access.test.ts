import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPolicyEnforcer } from '../../../../src/common/policy/index.js';
import { imagePolicies } from '../../../../src/image/policies.js';
import { contextFor, PROJECTS } from '../../../helpers/fixed-callers.js';
import { imageTestApp, type ImageTestApp } from '../../../helpers/image-app.js';

const NAMESPACES = '/v2/metadefs/namespaces';
const message = (text: string) => `${text}<br /><br />\n\n\n`;

describe("Glance Zed's default metadef policies", () => {
  const policy = createPolicyEnforcer(imagePolicies, {});
  const reader = contextFor({ projectId: PROJECTS.one, roles: ['reader'] });
  const member = contextFor({ projectId: PROJECTS.one });
  const admin = contextFor({ projectId: PROJECTS.admin, roles: ['admin', 'member', 'reader'] });
  const namespace = (visibility: string) => ({ project_id: PROJECTS.two, visibility });

  test("readers get their project's namespaces and public ones; only admins write", () => {
    assert.equal(policy.check('get_metadef_namespace', namespace('public'), reader), true);
    assert.equal(policy.check('get_metadef_namespace', namespace('private'), reader), false);
    assert.equal(
      policy.check('get_metadef_tags', { project_id: PROJECTS.one, visibility: 'private' }, reader),
      true,
    );
    for (const rule of [
      'add_metadef_namespace',
      'modify_metadef_object',
      'add_metadef_tags',
      'remove_metadef_property',
    ]) {
      assert.equal(
        policy.check(rule, { project_id: PROJECTS.one, visibility: 'private' }, member),
        false,
        rule,
      );
      assert.equal(policy.check(rule, namespace('private'), admin), true, rule);
    }
  });
});

describe('who may see and change metadefs', () => {
  let image: ImageTestApp;
  before(async () => {
    image = await imageTestApp();
    const namespaces = [
      { namespace: 'public-admin', visibility: 'public', objects: [{ name: 'o' }], tags: [{ name: 't' }] },
      { namespace: 'private-one', owner: PROJECTS.one, properties: { p: { title: 'P', type: 'string' } } },
      { namespace: 'private-two', owner: PROJECTS.two, objects: [{ name: 'o' }] },
    ];
    for (const body of namespaces)
      assert.equal((await image.request('POST', NAMESPACES, 'admin', body)).statusCode, 201);
  });
  after(() => image.close());

  test("another project's private namespace is not found, in each route's words", async () => {
    const cases: Array<[string, string, string]> = [
      ['GET', '', 'The resource could not be found.'],
      ['GET', '/objects', 'Namespace private-two not found'],
      ['GET', '/objects/o', 'Namespace private-two not found'],
      ['GET', '/properties', 'Namespace private-two not found'],
      ['GET', '/tags', 'Namespace private-two not found'],
      ['GET', '/resource_types', 'Namespace private-two not found'],
      ['DELETE', '', 'Namespace private-two not found'],
    ];
    for (const [method, path, text] of cases) {
      const response = await image.request(method, `${NAMESPACES}/private-two${path}`, 'member');
      assert.equal(response.statusCode, 404, `${method} ${path}`);
      assert.equal(response.json().message, message(text), `${method} ${path}`);
    }
  });

  test('projects read public namespaces and their own, and change none', async () => {
    assert.equal(
      (await image.request('GET', `${NAMESPACES}/public-admin/objects/o`, 'reader')).statusCode,
      200,
    );
    assert.equal(
      (await image.request('GET', `${NAMESPACES}/private-one/properties/p`, 'reader')).statusCode,
      200,
    );
    const writes: Array<[string, string, unknown, string]> = [
      ['POST', NAMESPACES, { namespace: 'mine' }, 'add_metadef_namespace'],
      ['PUT', `${NAMESPACES}/private-one`, { namespace: 'private-one' }, 'modify_metadef_namespace'],
      ['POST', `${NAMESPACES}/public-admin/objects`, { name: 'x' }, 'add_metadef_object'],
      ['POST', `${NAMESPACES}/public-admin/tags/x`, undefined, 'add_metadef_tag'],
      ['DELETE', `${NAMESPACES}/public-admin/tags`, undefined, 'delete_metadef_namespace'],
      ['DELETE', `${NAMESPACES}/private-one/properties/p`, undefined, 'remove_metadef_property'],
      [
        'POST',
        `${NAMESPACES}/private-one/resource_types`,
        { name: 'OS::Glance::Image' },
        'add_metadef_resource_type_association',
      ],
    ];
    for (const [method, url, body, rule] of writes) {
      const response = await image.request(method, url, 'member', body);
      assert.equal(response.statusCode, 403, `${method} ${url}`);
      assert.equal(response.json().message, message(`You are not authorized to complete ${rule} action.`));
    }
  });

  // Glance turns a refusal into a 404 when the caller may not even get the namespace (here,
  // without the reader role, its own project's), so as not to tell what exists.
  test('a caller without the reader role sees nothing, not even a refusal', async () => {
    for (const path of [NAMESPACES, `${NAMESPACES}/public-admin`, `${NAMESPACES}/public-admin/tags`]) {
      const response = await image.request('GET', path, 'service');
      assert.equal(response.statusCode, 404, path);
      assert.equal(response.json().message, message('The resource could not be found.'));
    }
  });
});
