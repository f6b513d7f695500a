/** The body of `POST /v3/auth/tokens`, as Keystone's auth schema allows it. */
export interface AuthRequest {
  auth: {
    identity: {
      methods: string[];
      password?: { user: UserRef & { password: string } };
      token?: { id: string };
      application_credential?: { id?: string; name?: string; secret: string; user?: UserRef };
    };
    scope?: ScopeRequest | 'unscoped';
  };
}

export interface DomainRef {
  id?: string;
  name?: string;
}

export interface UserRef {
  id?: string;
  name?: string;
  domain?: DomainRef;
}

export interface ScopeRequest {
  project?: { id?: string; name?: string; domain?: DomainRef };
  domain?: DomainRef;
  system?: { all?: boolean };
  'OS-TRUST:trust'?: unknown;
}

const domainRef = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' } },
} as const;

const userRef = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' }, domain: domainRef },
} as const;

export const authRequestSchema = {
  type: 'object',
  required: ['auth'],
  properties: {
    auth: {
      type: 'object',
      required: ['identity'],
      properties: {
        identity: {
          type: 'object',
          required: ['methods'],
          properties: {
            methods: { type: 'array', items: { type: 'string' }, minItems: 1 },
            password: {
              type: 'object',
              required: ['user'],
              properties: {
                user: {
                  type: 'object',
                  properties: { ...userRef.properties, password: { type: 'string' } },
                },
              },
            },
            token: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
            application_credential: {
              type: 'object',
              required: ['secret'],
              properties: {
                id: { type: 'string' },
                name: { type: 'string' },
                secret: { type: 'string' },
                user: userRef,
              },
            },
          },
        },
        scope: {
          anyOf: [
            { type: 'string', enum: ['unscoped'] },
            {
              type: 'object',
              properties: {
                project: {
                  type: 'object',
                  properties: { id: { type: 'string' }, name: { type: 'string' }, domain: domainRef },
                },
                domain: domainRef,
                system: { type: 'object', properties: { all: { type: 'boolean' } } },
                'OS-TRUST:trust': { type: 'object' },
              },
            },
          ],
        },
      },
    },
  },
} as const;
