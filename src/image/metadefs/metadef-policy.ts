import type { RequestContext } from '../../common/auth/context.js';
import { ApiError } from '../../common/http/errors.js';
import type { PolicyEnforcer } from '../../common/policy/types.js';
import { policyRefusal } from './metadef-errors.js';
import type { Namespace } from './model.js';

/**
 * Policy checks on metadefs, as Glance's MetadefAPIPolicy makes them: the target is the
 * namespace (`project_id` its owner, its `visibility`), or the caller's own project when there is
 * no namespace yet. A refusal on a namespace the caller may not even get is a 404, so a
 * namespace's existence never leaks.
 */
export class MetadefPolicy {
  private readonly target: Record<string, unknown>;

  constructor(
    private readonly policy: PolicyEnforcer,
    private readonly context: RequestContext,
    namespace?: Namespace,
  ) {
    this.target = namespace
      ? { project_id: namespace.owner, visibility: namespace.visibility }
      : { project_id: context.projectId };
  }

  check(rule: string): boolean {
    return this.policy.check(rule, this.target, this.context);
  }

  enforce(rule: string): void {
    if (this.check(rule)) return;
    if (rule === 'get_metadef_namespace' || !this.check('get_metadef_namespace'))
      throw new ApiError(404, 'The resource could not be found.');
    throw policyRefusal(rule);
  }
}
