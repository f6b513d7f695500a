import type { ServiceTransport } from '../../common/clients/http-transport.js';

/**
 * The object storage account of the services' own token, `AUTH_<project id>` (Keystone's
 * reseller prefix), as glance_store's single-tenant store finds its storage URL: from the
 * identity service, by validating the token it holds. Asked once; a failure is asked again.
 */
export function serviceAccount(
  identity: ServiceTransport,
  token: () => Promise<string>,
): () => Promise<string> {
  let account: Promise<string> | null = null;
  return () => {
    account ??= token()
      .then((subject) =>
        identity.request<{ token: { project?: { id: string } } }>('GET', '/v3/auth/tokens', {
          headers: { 'x-subject-token': subject },
        }),
      )
      .then(({ body }) => {
        if (!body.token.project) throw new Error('the services token is not scoped to a project');
        return `AUTH_${body.token.project.id}`;
      })
      .catch((error: unknown) => {
        account = null;
        throw error;
      });
    return account;
  };
}
