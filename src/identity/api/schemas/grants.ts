import { collectionEnvelope } from './response-envelopes.js';
import { roleEntity } from './roles.js';

export const grantedRolesResponse = collectionEnvelope('roles', roleEntity);

export const noContent = { type: 'null' } as const;
