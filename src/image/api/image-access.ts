import type { RequestContext } from '../../common/auth/context.js';
import { ApiError, Forbidden, NotFound } from '../../common/http/errors.js';
import type { PolicyEnforcer } from '../../common/policy/types.js';
import { findImage } from '../db/images-repo.js';
import { membershipOf } from '../db/members-repo.js';
import type { ImageDeps } from '../deps.js';
import type { Image, MemberStatus } from '../model/image.js';
import { canSeeImage, type Viewer } from '../model/visibility.js';

/** Glance's Forbidden for a refused policy rule. */
export const policyRefusal = (action: string) =>
  new Forbidden(`You are not authorized to complete ${action} action.`);

export function viewerOf(policy: PolicyEnforcer, context: RequestContext): Viewer {
  return { projectId: context.projectId, isAdmin: policy.check('context_is_admin', {}, context) };
}

/** An image the caller may see, with the caller's membership of it. */
export interface VisibleImage {
  image: Image;
  membership: MemberStatus | null;
}

/**
 * The image by id, when the caller may see it; otherwise 404 with `message` (Glance's "No image
 * found with ID <id>" unless given), the same answer as for an image that does not exist.
 */
export async function loadVisibleImage(
  deps: ImageDeps,
  context: RequestContext,
  id: string,
  message = `No image found with ID ${id}`,
): Promise<VisibleImage> {
  const image = await findImage(deps.db, id);
  if (image === undefined) throw new NotFound(message);
  const membership = await membershipOf(deps.db, id, context.projectId);
  const access = { owner: image.owner, visibility: image.visibility, viewerMembership: membership };
  if (!canSeeImage(viewerOf(deps.policy, context), access)) throw new NotFound(message);
  return { image, membership };
}

/**
 * Policy checks on one image, as Glance's ImageAPIPolicy makes them: the target is the image
 * (attributes, extra properties, `project_id` = owner, `member_id` = the caller's project when
 * the image is shared with it), and a refusal on an image the caller may not even get is a 404.
 */
export class ImagePolicy {
  private readonly target: Record<string, unknown>;

  constructor(
    private readonly policy: PolicyEnforcer,
    private readonly context: RequestContext,
    image: Image,
  ) {
    const sharedWithCaller = image.visibility === 'shared' && context.projectId !== image.owner;
    this.target = {
      ...image.properties,
      ...image,
      properties: undefined,
      project_id: image.owner,
      member_id: sharedWithCaller ? context.projectId : null,
    };
  }

  check(action: string): boolean {
    return this.policy.check(action, this.target, this.context);
  }

  enforce(action: string): void {
    if (this.check(action)) return;
    if (action === 'get_image' || !this.check('get_image'))
      throw new ApiError(404, 'The resource could not be found.');
    throw policyRefusal(action);
  }

  /** Changing visibility to public or community needs its own rule first. */
  enforceVisibility(visibility: unknown): void {
    if (visibility === 'public' && !this.check('publicize_image')) throw policyRefusal('publicize_image');
    if (visibility === 'community' && !this.check('communitize_image'))
      throw policyRefusal('communitize_image');
  }
}
