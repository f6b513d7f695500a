import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { imageTestApp, PROJECTS, type ImageTestApp } from '../../../helpers/image-app.js';

describe('image members', () => {
  let image: ImageTestApp;
  before(async () => {
    image = await imageTestApp();
    image.as('third', {
      userId: 'u-third',
      projectId: 'd3333333333333333333333333333333',
      projectName: 'three',
    });
  });
  after(() => image.close());

  const members = (id: string) => `/v2/images/${id}/members`;
  const listedFor = async (caller: string, query = '') =>
    (await image.request('GET', `/v2/images${query}`, caller))
      .json()
      .images.map((one: { id: string }) => one.id);

  test('share, accept, see it listed; the owner sees every member', async () => {
    const id = (await image.createImage('member')).id as string;
    const added = await image.request('POST', members(id), 'member', { member: PROJECTS.two });
    assert.equal(added.statusCode, 200);
    const member = added.json();
    assert.equal(member.member_id, PROJECTS.two);
    assert.equal(member.image_id, id);
    assert.equal(member.status, 'pending');
    assert.equal(member.schema, '/v2/schemas/member');
    assert.match(member.created_at, /Z$/);

    assert.equal((await listedFor('other')).includes(id), false, 'pending shares are not listed by default');
    assert.equal((await listedFor('other', '?member_status=pending&visibility=shared')).includes(id), true);
    assert.equal(
      (await image.request('GET', `/v2/images/${id}`, 'other')).statusCode,
      200,
      'but can be shown',
    );

    const accepted = await image.request('PUT', `${members(id)}/${PROJECTS.two}`, 'other', {
      status: 'accepted',
    });
    assert.equal(accepted.statusCode, 200);
    assert.equal(accepted.json().status, 'accepted');
    assert.equal((await listedFor('other')).includes(id), true);

    const list = await image.request('GET', members(id), 'member');
    assert.deepEqual(list.json(), { members: [accepted.json()], schema: '/v2/schemas/members' });
    const shown = await image.request('GET', `${members(id)}/${PROJECTS.two}`, 'member');
    assert.deepEqual(shown.json(), accepted.json());
  });

  test("rejecting hides the image from the member's list; removing the member hides it entirely", async () => {
    const id = (await image.createImage('member')).id as string;
    await image.request('POST', members(id), 'member', { member: PROJECTS.two });
    await image.request('PUT', `${members(id)}/${PROJECTS.two}`, 'other', { status: 'rejected' });
    assert.equal((await listedFor('other')).includes(id), false);
    assert.equal((await listedFor('other', '?member_status=rejected')).includes(id), true);
    const removed = await image.request('DELETE', `${members(id)}/${PROJECTS.two}`, 'member');
    assert.equal(removed.statusCode, 204);
    assert.equal((await image.request('GET', `/v2/images/${id}`, 'other')).statusCode, 404);
  });

  test('the owner cannot answer for a member; a member cannot add or remove members', async () => {
    const id = (await image.createImage('member')).id as string;
    await image.request('POST', members(id), 'member', { member: PROJECTS.two });
    const ownerAccepts = await image.request('PUT', `${members(id)}/${PROJECTS.two}`, 'member', {
      status: 'accepted',
    });
    assert.equal(ownerAccepts.statusCode, 403);
    assert.match(ownerAccepts.json().message, /^You are not authorized to complete modify_member action./);
    const memberAdds = await image.request('POST', members(id), 'other', {
      member: 'e4444444444444444444444444444444',
    });
    assert.equal(memberAdds.statusCode, 403);
    const memberRemoves = await image.request('DELETE', `${members(id)}/${PROJECTS.two}`, 'other');
    assert.equal(memberRemoves.statusCode, 403);
    assert.match(memberRemoves.json().message, /^You are not authorized to complete delete_member action./);
  });

  test('a member sees only its own membership; other projects see nothing', async () => {
    const id = (await image.createImage('member')).id as string;
    await image.request('POST', members(id), 'member', { member: PROJECTS.two });
    await image.request('POST', members(id), 'member', { member: 'd3333333333333333333333333333333' });
    const ownerList = await image.request('GET', members(id), 'member');
    assert.equal(ownerList.json().members.length, 2);
    const memberList = await image.request('GET', members(id), 'other');
    assert.deepEqual(
      memberList.json().members.map((m: { member_id: string }) => m.member_id),
      [PROJECTS.two],
    );
    const peek = await image.request('GET', `${members(id)}/d3333333333333333333333333333333`, 'other');
    assert.equal(peek.statusCode, 404);
    assert.match(peek.json().message, /not found in the member list of the image/);
    const stranger = await image.request('GET', members(id), 'reader');
    assert.equal(stranger.statusCode, 200, 'readers of the owner project see the members');
    image.as('fourth', { userId: 'u-fourth', projectId: 'f5555555555555555555555555555555' });
    const outsider = await image.request('GET', members(id), 'fourth');
    assert.equal(outsider.statusCode, 404);
    assert.match(outsider.json().message, new RegExp(`^Image ${id} not found.`));
  });

  test('only shared images have members', async () => {
    const id = (await image.createImage('member', { visibility: 'private' })).id as string;
    const add = await image.request('POST', members(id), 'member', { member: PROJECTS.two });
    assert.equal(add.statusCode, 403);
    assert.match(add.json().message, new RegExp(`^Not allowed to create members for image ${id}.`));
    const list = await image.request('GET', members(id), 'member');
    assert.equal(list.statusCode, 403);
    assert.match(list.json().message, /Only shared images have members./);
    const show = await image.request('GET', `${members(id)}/${PROJECTS.two}`, 'member');
    assert.equal(show.statusCode, 404);
  });

  test('duplicates, bad bodies and bad statuses are refused', async () => {
    const id = (await image.createImage('member')).id as string;
    await image.request('POST', members(id), 'member', { member: PROJECTS.two });
    const duplicate = await image.request('POST', members(id), 'member', { member: PROJECTS.two });
    assert.equal(duplicate.statusCode, 409);
    assert.match(
      duplicate.json().message,
      new RegExp(`^Member ${PROJECTS.two} is duplicated for image ${id}`),
    );
    const noMember = await image.request('POST', members(id), 'member', { project: 'x' });
    assert.match(noMember.json().message, /^Member to be added not specified/);
    const empty = await image.request('POST', members(id), 'member', { member: '' });
    assert.match(empty.json().message, /^Member can't be empty/);
    const noStatus = await image.request('PUT', `${members(id)}/${PROJECTS.two}`, 'other', { state: 'x' });
    assert.match(noStatus.json().message, /^Status not specified/);
    const badStatus = await image.request('PUT', `${members(id)}/${PROJECTS.two}`, 'other', {
      status: 'maybe',
    });
    assert.equal(badStatus.statusCode, 400);
    assert.match(
      badStatus.json().message,
      /^Incorrect request: Status must be "pending", "accepted" or "rejected"./,
    );
  });

  test('deleting the image removes its memberships', async () => {
    const id = (await image.createImage('member')).id as string;
    await image.request('POST', members(id), 'member', { member: PROJECTS.two });
    await image.request('DELETE', `/v2/images/${id}`, 'member');
    const rows = await image.db.selectFrom('image_member').selectAll().where('image_id', '=', id).execute();
    assert.deepEqual(rows, []);
  });
});
