import type { MemberStatus, Visibility } from './image.js';

/** Who looks: the caller's project (null for a token without one) and whether it is an admin. */
export interface Viewer {
  projectId: string | null;
  isAdmin: boolean;
}

/** What decides who sees an image: its owner, visibility, and the viewer's own membership. */
export interface ImageAccess {
  owner: string | null;
  visibility: Visibility;
  /** The status of the viewer's project as a member of this image, null when it is none. */
  viewerMembership: MemberStatus | null;
}

/** `visibility=` of a list request; `all` lifts the visibility filter. */
export type VisibilityFilter = Visibility | 'all';
/** `member_status=` of a list request (default `accepted`). */
export type MemberStatusFilter = MemberStatus | 'all';

/**
 * Whether the image can be shown by id (Glance's is_image_visible): admins see everything; an
 * image without owner, public and community images are seen by all; the owner sees its images;
 * a member project sees a shared image whatever its member status.
 */
export function canSeeImage(viewer: Viewer, image: ImageAccess): boolean {
  if (viewer.isAdmin || image.owner === null) return true;
  if (image.visibility === 'public' || image.visibility === 'community') return true;
  if (viewer.projectId === null) return false;
  if (image.owner === viewer.projectId) return true;
  return image.visibility === 'shared' && image.viewerMembership !== null;
}

/**
 * Whether the image appears in the viewer's image list (Glance's image_get_all):
 * - candidates: all images for an admin; otherwise public and community images, the viewer's
 *   own, and shared images whose membership has the asked `member_status` (default accepted);
 * - then the visibility filter: when given (and not `all`), only that visibility; when not
 *   given, community images only if the viewer owns them.
 */
export function listsImage(
  viewer: Viewer,
  image: ImageAccess,
  filters: { visibility?: VisibilityFilter; memberStatus: MemberStatusFilter },
): boolean {
  if (!isCandidate(viewer, image, filters.memberStatus)) return false;
  if (filters.visibility !== undefined) {
    return filters.visibility === 'all' || image.visibility === filters.visibility;
  }
  return image.visibility !== 'community' || (viewer.projectId !== null && image.owner === viewer.projectId);
}

function isCandidate(viewer: Viewer, image: ImageAccess, memberStatus: MemberStatusFilter): boolean {
  if (viewer.isAdmin) return true;
  if (image.visibility === 'public' || image.visibility === 'community') return true;
  if (viewer.projectId === null) return false;
  if (image.owner === viewer.projectId) return true;
  return (
    image.visibility === 'shared' &&
    image.viewerMembership !== null &&
    (memberStatus === 'all' || image.viewerMembership === memberStatus)
  );
}
