import type { FastifyRequest } from 'fastify';
import type { IdentityDeps } from '../deps.js';
import { changePassword, type PasswordSettings } from '../resources/user-passwords.js';
import type { RouteModule } from './routes.js';
import { noContent, pathParams } from './schemas/resource-fields.js';
import { changePasswordBody } from './schemas/users.js';

/** How passwords are set now: the hash cost and the security compliance rules of the config. */
export function passwordSettings(deps: IdentityDeps): PasswordSettings {
  return {
    now: deps.now(),
    hashCost: deps.config.identity.password_hash_cost,
    compliance: deps.config.identity.security_compliance,
  };
}

type ChangeRequest = FastifyRequest<{
  Params: { user_id: string };
  Body: { user: { original_password: string; password: string } };
}>;

/**
 * `POST /v3/users/{id}/password`: self-service password change. As in Keystone it needs no
 * token and no policy: knowing the current password is the proof. The user's tokens die with
 * the old password.
 */
export const userPasswordRoutes: RouteModule = (app, deps: IdentityDeps) => {
  app.post(
    '/v3/users/:user_id/password',
    {
      config: { public: true },
      schema: { params: pathParams('user_id'), body: changePasswordBody, response: { 204: noContent } },
    },
    async (request: ChangeRequest, reply) => {
      const userId = request.params.user_id;
      const { original_password: original, password } = request.body.user;
      await changePassword(deps.db, userId, original, password, passwordSettings(deps));
      await deps.revocations.revoke({ userId });
      return reply.code(204).send();
    },
  );
};
