import type { RequestContext } from '../../common/auth/context.js';
import { ApiError, BadRequest, Conflict, Forbidden, NotFound } from '../../common/http/errors.js';
import {
  countMembers,
  deleteMember,
  findMember,
  insertMember,
  listMembers,
  updateMemberStatus,
  type ImageMember,
} from '../db/members-repo.js';
import type { ImageDeps } from '../deps.js';
import type { Image, MemberStatus } from '../model/image.js';
import { MEMBER_QUOTA, TooLarge } from '../quota.js';
import { ImagePolicy, loadVisibleImage, viewerOf } from './image-access.js';
import {
  imageParams,
  memberEntity,
  memberListResponse,
  memberParams,
  noContent,
  objectBody,
} from './route-schemas.js';
import type { RouteModule } from './routes.js';
import { memberView } from './views.js';

type ImageParams = { image_id: string };
type MemberParams = { image_id: string; member_id: string };

/** The image of a members request: 404 "Image <id> not found." when the caller may not see it. */
async function sharedImage(deps: ImageDeps, context: RequestContext, id: string, refusal: string) {
  const { image } = await loadVisibleImage(deps, context, id, `Image ${id} not found.`);
  if (image.visibility !== 'shared') throw new Forbidden(refusal);
  return image;
}

/**
 * A member row the caller may look at: all of them for the owner and admins, only its own for a
 * member project (as Glance's database layer filters them).
 */
async function visibleMember(deps: ImageDeps, context: RequestContext, image: Image, memberId: string) {
  const policy = new ImagePolicy(deps.policy, context, image);
  policy.enforce('get_member');
  const notFound = new NotFound(`${memberId} not found in the member list of the image ${image.id}.`);
  if (!mayLookAt(deps, context, image, memberId)) throw notFound;
  const member = await findMember(deps.db, image.id, memberId);
  if (member === undefined) throw notFound;
  return { member, policy };
}

function mayLookAt(deps: ImageDeps, context: RequestContext, image: Image, memberId: string): boolean {
  const project = context.projectId;
  return (
    viewerOf(deps.policy, context).isAdmin ||
    (project !== null && (image.owner === project || memberId === project))
  );
}

function memberToAdd(body: unknown): string {
  if (body === undefined) throw new BadRequest('Body expected in request.');
  const member = (body as { member?: unknown }).member;
  if (member === undefined) throw new BadRequest('Member to be added not specified');
  if (!member) throw new BadRequest("Member can't be empty");
  if (typeof member !== 'string')
    throw new BadRequest('Expected a member in the form: {"member": "image_id"}');
  return member;
}

function statusToSet(body: unknown): unknown {
  if (body === undefined) throw new BadRequest('Body expected in request.');
  const status = (body as { status?: unknown }).status;
  if (status === undefined) throw new BadRequest('Status not specified');
  return status;
}

/**
 * `/v2/images/{id}/members`: the image's owner shares a `shared` image with other projects
 * (pending until they accept or reject it); members see and answer only their own membership.
 */
export const imageMemberRoutes: RouteModule = (app, deps) => {
  app.post<{ Params: ImageParams }>(
    '/v2/images/:image_id/members',
    { schema: { params: imageParams, body: objectBody, response: { 200: memberEntity } } },
    async (request) => {
      const memberId = memberToAdd(request.body);
      const id = request.params.image_id;
      const image = await sharedImage(
        deps,
        request.context,
        id,
        `Not allowed to create members for image ${id}.`,
      );
      new ImagePolicy(deps.policy, request.context, image).enforce('add_member');
      const attempted = (await countMembers(deps.db, id)) + 1;
      if (attempted > MEMBER_QUOTA) {
        throw new TooLarge(
          `Image member limit exceeded for image ${id}: The limit has been exceeded on the number of allowed image members for this image. Attempted: ${attempted}, Maximum: ${MEMBER_QUOTA}:`,
        );
      }
      const now = deps.now().toISOString();
      const member: ImageMember = {
        image_id: id,
        member_id: memberId,
        status: 'pending',
        created_at: now,
        updated_at: now,
      };
      if (!(await insertMember(deps.db, member))) {
        throw new Conflict(`Member ${memberId} is duplicated for image ${id}`);
      }
      return memberView(member);
    },
  );

  app.get<{ Params: ImageParams }>(
    '/v2/images/:image_id/members',
    { schema: { params: imageParams, response: { 200: memberListResponse } } },
    async (request) => {
      const id = request.params.image_id;
      const image = await sharedImage(
        deps,
        request.context,
        id,
        `Not allowed to list members for image ${id}: Only shared images have members.`,
      );
      const policy = new ImagePolicy(deps.policy, request.context, image);
      policy.enforce('get_members');
      const members = (await listMembers(deps.db, id)).filter(
        (member) => mayLookAt(deps, request.context, image, member.member_id) && policy.check('get_member'),
      );
      return { members: members.map(memberView), schema: '/v2/schemas/members' };
    },
  );

  app.get<{ Params: MemberParams }>(
    '/v2/images/:image_id/members/:member_id',
    { schema: { params: memberParams, response: { 200: memberEntity } } },
    async (request) => {
      const { image_id: id, member_id: memberId } = request.params;
      try {
        const image = await sharedImage(deps, request.context, id, 'Only shared images have members.');
        return memberView((await visibleMember(deps, request.context, image, memberId)).member);
      } catch (error) {
        // Glance answers any refusal here as not found.
        if (error instanceof ApiError && error.status === 403) throw new NotFound(error.message);
        throw error;
      }
    },
  );

  app.put<{ Params: MemberParams }>(
    '/v2/images/:image_id/members/:member_id',
    { schema: { params: memberParams, body: objectBody, response: { 200: memberEntity } } },
    async (request) => {
      const status = statusToSet(request.body);
      const { image_id: id, member_id: memberId } = request.params;
      const image = await sharedImage(
        deps,
        request.context,
        id,
        `Not allowed to update members for image ${id}.`,
      );
      const { member, policy } = await visibleMember(deps, request.context, image, memberId);
      policy.enforce('modify_member');
      if (status !== 'pending' && status !== 'accepted' && status !== 'rejected') {
        throw new BadRequest('Incorrect request: Status must be "pending", "accepted" or "rejected".');
      }
      const updatedAt = deps.now().toISOString();
      await updateMemberStatus(deps.db, id, memberId, status as MemberStatus, updatedAt);
      return memberView({ ...member, status: status as MemberStatus, updated_at: updatedAt });
    },
  );

  app.delete<{ Params: MemberParams }>(
    '/v2/images/:image_id/members/:member_id',
    { schema: { params: memberParams, response: { 204: noContent } } },
    async (request, reply) => {
      const { image_id: id, member_id: memberId } = request.params;
      const image = await sharedImage(
        deps,
        request.context,
        id,
        `Not allowed to delete members for image ${id}.`,
      );
      const { policy } = await visibleMember(deps, request.context, image, memberId);
      policy.enforce('delete_member');
      await deleteMember(deps.db, id, memberId);
      return reply.status(204).send();
    },
  );
};
