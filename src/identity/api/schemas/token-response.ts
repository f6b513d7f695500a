/**
 * `{"token": {...}}`, the body of every route that hands out or shows a token (`/v3/auth/tokens`,
 * `/v3/s3tokens`, `/v3/ec2tokens`). The token stays permissive: its fields follow its scope.
 */
export const tokenResponse = {
  type: 'object',
  required: ['token'],
  properties: {
    token: {
      type: 'object',
      required: ['methods', 'user', 'audit_ids', 'expires_at', 'issued_at'],
      additionalProperties: true,
    },
  },
} as const;
