/** `/servers/{server_id}/os-server-password`. */
export const serverPasswordParams = {
  type: 'object',
  properties: { server_id: { type: 'string' } },
  required: ['server_id'],
};

/** Tempest's `show_password`. */
export const serverPasswordResponse = {
  type: 'object',
  properties: { password: { type: 'string' } },
  required: ['password'],
  additionalProperties: false,
};
