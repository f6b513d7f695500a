import { collectionLinksSchema } from './response-envelopes.js';

/** Every filter of `GET /v3/role_assignments`; flags such as `effective` may come without a value. */
export const roleAssignmentsQuery = {
  type: 'object',
  properties: Object.fromEntries(
    [
      'user.id',
      'group.id',
      'role.id',
      'scope.project.id',
      'scope.domain.id',
      'scope.system',
      'scope.OS-INHERIT:inherited_to',
      'effective',
      'include_names',
      'include_subtree',
    ].map((name) => [name, { type: 'string' }]),
  ),
} as const;

const idEntity = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string' }, name: { type: 'string' } },
  additionalProperties: true,
} as const;

const roleAssignmentEntity = {
  type: 'object',
  required: ['links', 'scope', 'role'],
  properties: {
    links: {
      type: 'object',
      required: ['assignment'],
      properties: {
        assignment: { type: 'string' },
        membership: { type: 'string' },
        prior_role: { type: 'string' },
      },
    },
    scope: {
      type: 'object',
      properties: {
        project: idEntity,
        domain: idEntity,
        system: { type: 'object' },
        'OS-INHERIT:inherited_to': { type: 'string' },
      },
    },
    user: idEntity,
    group: idEntity,
    role: idEntity,
  },
  additionalProperties: true,
} as const;

export const roleAssignmentsResponse = {
  type: 'object',
  required: ['role_assignments', 'links'],
  properties: {
    role_assignments: { type: 'array', items: roleAssignmentEntity },
    links: collectionLinksSchema,
  },
} as const;
