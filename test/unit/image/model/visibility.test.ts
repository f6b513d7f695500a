import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MemberStatus, Visibility } from '../../../../src/image/model/image.js';
import { canSeeImage, listsImage, type Viewer } from '../../../../src/image/model/visibility.js';

const OWNER = 'p-owner';
const owner: Viewer = { projectId: OWNER, isAdmin: false };
const member: Viewer = { projectId: 'p-member', isAdmin: false };
const admin: Viewer = { projectId: 'p-admin', isAdmin: true };
const noProject: Viewer = { projectId: null, isAdmin: false };

const image = (visibility: Visibility, viewerMembership: MemberStatus | null = null) => ({
  owner: OWNER,
  visibility,
  viewerMembership,
});

describe('who may show an image by id', () => {
  // [viewer, visibility, membership, visible]
  const matrix: Array<[string, Viewer, Visibility, MemberStatus | null, boolean]> = [
    ['owner', owner, 'private', null, true],
    ['owner', owner, 'shared', null, true],
    ['owner', owner, 'community', null, true],
    ['owner', owner, 'public', null, true],
    ['other project', member, 'private', null, false],
    ['other project', member, 'shared', null, false],
    ['other project', member, 'community', null, true],
    ['other project', member, 'public', null, true],
    ['pending member', member, 'shared', 'pending', true],
    ['accepted member', member, 'shared', 'accepted', true],
    ['rejected member', member, 'shared', 'rejected', true],
    ['member of a private image', member, 'private', 'accepted', false],
    ['admin', admin, 'private', null, true],
    ['admin', admin, 'shared', null, true],
    ['no project', noProject, 'private', null, false],
    ['no project', noProject, 'public', null, true],
  ];
  for (const [who, viewer, visibility, membership, expected] of matrix) {
    test(`${who}, ${visibility}${membership ? ` (${membership})` : ''}: ${expected ? 'seen' : 'not found'}`, () => {
      assert.equal(canSeeImage(viewer, image(visibility, membership)), expected);
    });
  }

  test('an image without owner is seen by everyone', () => {
    assert.equal(canSeeImage(member, { owner: null, visibility: 'private', viewerMembership: null }), true);
  });
});

describe('who lists an image', () => {
  const accepted = { memberStatus: 'accepted' } as const;
  test('the default list: own images, public, accepted shares; community only when owned', () => {
    assert.equal(listsImage(owner, image('private'), accepted), true);
    assert.equal(listsImage(owner, image('community'), accepted), true);
    assert.equal(listsImage(member, image('community'), accepted), false);
    assert.equal(listsImage(member, image('public'), accepted), true);
    assert.equal(listsImage(member, image('private'), accepted), false);
    assert.equal(listsImage(member, image('shared', 'accepted'), accepted), true);
    assert.equal(listsImage(member, image('shared', 'pending'), accepted), false);
    assert.equal(listsImage(member, image('shared', 'rejected'), accepted), false);
    assert.equal(listsImage(member, image('shared'), accepted), false);
  });

  test('member_status picks which shares a member lists; the owner lists its shares regardless', () => {
    for (const status of ['pending', 'accepted', 'rejected'] as const) {
      assert.equal(listsImage(member, image('shared', status), { memberStatus: status }), true);
      assert.equal(listsImage(member, image('shared', status), { memberStatus: 'all' }), true);
      assert.equal(listsImage(owner, image('shared'), { memberStatus: status }), true);
    }
    assert.equal(listsImage(member, image('shared', 'pending'), { memberStatus: 'rejected' }), false);
  });

  test("visibility=community lists everyone's community images; visibility=X only X", () => {
    const community = { memberStatus: 'accepted', visibility: 'community' } as const;
    assert.equal(listsImage(member, image('community'), community), true);
    assert.equal(listsImage(member, image('public'), community), false);
    assert.equal(
      listsImage(owner, image('private'), { memberStatus: 'accepted', visibility: 'shared' }),
      false,
    );
    assert.equal(
      listsImage(member, image('community'), { memberStatus: 'accepted', visibility: 'all' }),
      true,
    );
    assert.equal(
      listsImage(member, image('private'), { memberStatus: 'accepted', visibility: 'all' }),
      false,
    );
  });

  test("admins list every image, but others' community images only when asked, as everyone", () => {
    assert.equal(listsImage(admin, image('private'), accepted), true);
    assert.equal(listsImage(admin, image('shared'), accepted), true);
    assert.equal(listsImage(admin, image('community'), accepted), false);
    assert.equal(
      listsImage(admin, image('community'), { memberStatus: 'accepted', visibility: 'community' }),
      true,
    );
  });

  test('a viewer without a project lists public images, never community ones unasked', () => {
    assert.equal(listsImage(noProject, image('public'), accepted), true);
    assert.equal(listsImage(noProject, image('community'), accepted), false);
    assert.equal(listsImage(noProject, image('shared', 'accepted'), accepted), false);
  });
});
