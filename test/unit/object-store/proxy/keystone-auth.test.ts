import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanAcl } from '../../../../src/object-store/proxy/acl.js';
import { authorize } from '../../../../src/object-store/proxy/keystone-auth.js';
import { contextFor, PROJECTS } from '../../../helpers/fixed-callers.js';

const account = `AUTH_${PROJECTS.one}`;
const objectPath = { version: 'v1', account, container: 'c', object: 'o' };
const containerPath = { version: 'v1', account, container: 'c' };
const member = contextFor({ userId: 'u1', userName: 'alice' });
const stranger = contextFor({ userId: 'u2', userName: 'bob', projectId: PROJECTS.two, projectName: 'two' });

test('members and admins of the project own its account; others of it are refused', () => {
  assert.deepEqual(authorize(member, { method: 'PUT', path: containerPath }), { allowed: true, owner: true });
  const reader = contextFor({ roles: ['reader'] });
  assert.deepEqual(authorize(reader, { method: 'GET', path: containerPath }), {
    allowed: false,
    status: 403,
  });
});

test('another project is refused with 403, anonymous with 401, ResellerAdmin owns every account', () => {
  assert.deepEqual(authorize(stranger, { method: 'GET', path: objectPath }), { allowed: false, status: 403 });
  assert.deepEqual(authorize(null, { method: 'GET', path: objectPath }), { allowed: false, status: 401 });
  const reseller = contextFor({ projectId: PROJECTS.two, roles: ['ResellerAdmin'] });
  assert.deepEqual(authorize(reseller, { method: 'DELETE', path: objectPath }), {
    allowed: true,
    owner: true,
  });
});

test('nobody deletes an account, not even its owner', () => {
  const path = { version: 'v1', account };
  assert.deepEqual(authorize(member, { method: 'DELETE', path }), { allowed: false, status: 403 });
});

test('.r:* opens objects to anyone; listings only with .rlistings', () => {
  assert.equal(authorize(null, { method: 'GET', path: objectPath, acl: '.r:*' }).allowed, true);
  assert.equal(authorize(null, { method: 'GET', path: containerPath, acl: '.r:*' }).allowed, false);
  assert.equal(authorize(null, { method: 'GET', path: containerPath, acl: '.r:*,.rlistings' }).allowed, true);
  assert.equal(authorize(stranger, { method: 'GET', path: objectPath, acl: '.r:*' }).allowed, true);
});

test('referrer ACLs match the Referer host, and a minus excludes one', () => {
  const acl = '.r:.example.com,.r:-bad.example.com';
  const request = (referer: string) => ({ method: 'GET', path: objectPath, acl, referer });
  assert.equal(authorize(null, request('http://www.example.com/page')).allowed, true);
  assert.equal(authorize(null, request('http://bad.example.com/')).allowed, false);
  assert.equal(authorize(null, request('http://other.org/')).allowed, false);
});

test('project:user ACLs let that user in (by id, name or *), not as owner', () => {
  for (const acl of [`${PROJECTS.two}:u2`, `${PROJECTS.two}:*`, 'two:bob', '*:*']) {
    assert.deepEqual(
      authorize(stranger, { method: 'PUT', path: objectPath, acl }),
      { allowed: true, owner: false },
      acl,
    );
  }
  assert.equal(
    authorize(stranger, { method: 'PUT', path: objectPath, acl: `${PROJECTS.one}:*` }).allowed,
    false,
  );
});

test('ACLs are cleaned as Swift stores them, and bad ones refused', () => {
  assert.equal(cleanAcl('x-container-read', '.referrer : * , .rlistings,,p:u'), '.r:*,.rlistings,p:u');
  assert.equal(cleanAcl('x-container-read', '.ref:*.example.com'), '.r:.example.com');
  assert.throws(() => cleanAcl('x-container-write', '.r:*'), /Referrers not allowed in write ACL/);
  assert.throws(() => cleanAcl('x-container-read', '.r:'), /No host\/domain value/);
  assert.throws(() => cleanAcl('x-container-read', '.bad:x'), /Unknown designator/);
});
