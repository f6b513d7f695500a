import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { MemberStatus, Visibility } from '../../../../src/image/model/image.js';
import {
  canSeeImage,
  listsImage,
  type MemberStatusFilter,
  type VisibilityFilter,
} from '../../../../src/image/model/visibility.js';
import { imageTestApp, PROJECTS, type ImageTestApp } from '../../../helpers/image-app.js';

interface Fixture {
  id: string;
  visibility: Visibility;
  /** Project two's membership of the image. */
  membership: MemberStatus | null;
}

const CALLERS = [
  { name: 'member', projectId: PROJECTS.one, isAdmin: false },
  { name: 'other', projectId: PROJECTS.two, isAdmin: false },
  { name: 'third', projectId: 'd3333333333333333333333333333333', isAdmin: false },
  { name: 'admin', projectId: PROJECTS.admin, isAdmin: true },
];

/**
 * The API against the pure decision, over every combination: images of project one in each
 * visibility with project two as a member in each status (or none), seen by the owner, the
 * member project, a third project and an admin, shown by id and listed with every filter.
 */
describe('visibility through the API agrees with the visibility decision', () => {
  let image: ImageTestApp;
  const fixtures: Fixture[] = [];
  before(async () => {
    image = await imageTestApp();
    image.as('third', { userId: 'u-third', projectId: CALLERS[2].projectId, projectName: 'three' });
    for (const visibility of ['private', 'shared', 'community', 'public'] as const) {
      for (const membership of [null, 'pending', 'accepted', 'rejected'] as const) {
        const id = (await image.createImage('member', { visibility: 'shared' })).id as string;
        if (membership !== null) {
          const added = await image.request('POST', `/v2/images/${id}/members`, 'member', {
            member: PROJECTS.two,
          });
          assert.equal(added.statusCode, 200);
          if (membership !== 'pending') {
            const answered = await image.request('PUT', `/v2/images/${id}/members/${PROJECTS.two}`, 'other', {
              status: membership,
            });
            assert.equal(answered.statusCode, 200);
          }
        }
        if (visibility !== 'shared') {
          const changed = await image.patch('admin', id, [
            { op: 'replace', path: '/visibility', value: visibility },
          ]);
          assert.equal(changed.statusCode, 200);
        }
        fixtures.push({ id, visibility, membership });
      }
    }
  });
  after(() => image.close());

  const access = (fixture: Fixture, projectId: string) => ({
    owner: PROJECTS.one,
    visibility: fixture.visibility,
    viewerMembership: projectId === PROJECTS.two ? fixture.membership : null,
  });

  for (const caller of CALLERS) {
    test(`${caller.name}: show by id`, async () => {
      for (const fixture of fixtures) {
        const response = await image.request('GET', `/v2/images/${fixture.id}`, caller.name);
        const expected = canSeeImage(caller, access(fixture, caller.projectId));
        assert.equal(
          response.statusCode,
          expected ? 200 : 404,
          `${fixture.visibility}/${fixture.membership}`,
        );
      }
    });

    test(`${caller.name}: list with every visibility and member_status`, async () => {
      for (const visibility of [undefined, 'private', 'shared', 'community', 'public', 'all'] as const) {
        for (const memberStatus of [undefined, 'pending', 'accepted', 'rejected', 'all'] as const) {
          const query = new URLSearchParams({ limit: '1000' });
          if (visibility) query.set('visibility', visibility);
          if (memberStatus) query.set('member_status', memberStatus);
          const response = await image.request('GET', `/v2/images?${query}`, caller.name);
          assert.equal(response.statusCode, 200);
          const listed = new Set(response.json().images.map((one: { id: string }) => one.id));
          const filters = {
            memberStatus: (memberStatus ?? 'accepted') as MemberStatusFilter,
            ...(visibility ? { visibility: visibility as VisibilityFilter } : {}),
          };
          for (const fixture of fixtures) {
            const expected = listsImage(caller, access(fixture, caller.projectId), filters);
            assert.equal(
              listed.has(fixture.id),
              expected,
              `${query}: ${fixture.visibility}/${fixture.membership}`,
            );
          }
        }
      }
    });
  }
});
