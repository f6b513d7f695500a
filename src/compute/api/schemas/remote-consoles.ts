/**
 * Nova's remote console schemas (nova/api/openstack/compute/schemas/remote_consoles.py): the
 * `mks` protocol and `webmks` type come with 2.8. The handler applies the microversion's schema.
 */
function createBody(protocols: string[], types: string[]) {
  return {
    type: 'object',
    properties: {
      remote_console: {
        type: 'object',
        properties: {
          protocol: { type: 'string', enum: protocols },
          type: { type: 'string', enum: types },
        },
        required: ['protocol', 'type'],
        additionalProperties: false,
      },
    },
    required: ['remote_console'],
    additionalProperties: false,
  };
}

const PROTOCOLS = ['vnc', 'spice', 'rdp', 'serial'];
const TYPES = ['novnc', 'xvpvnc', 'rdp-html5', 'spice-html5', 'serial'];

export const createRemoteConsoleSchemas = [
  { min: '2.6', max: '2.7', schema: createBody(PROTOCOLS, TYPES) },
  { min: '2.8', schema: createBody([...PROTOCOLS, 'mks'], [...TYPES, 'webmks']) },
];

export const remoteConsoleBodyShape = { type: 'object' };

export const remoteConsoleParams = {
  type: 'object',
  properties: { server_id: { type: 'string' } },
  required: ['server_id'],
};

export const remoteConsoleResponse = {
  type: 'object',
  properties: {
    remote_console: {
      type: 'object',
      properties: { protocol: { type: 'string' }, type: { type: 'string' }, url: { type: 'string' } },
      required: ['protocol', 'type', 'url'],
      additionalProperties: false,
    },
  },
  required: ['remote_console'],
  additionalProperties: false,
};
