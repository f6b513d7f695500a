/** Cinder's availability zone list: each zone by name, available unless all its volume services are disabled. */
export const availabilityZonesResponse = {
  type: 'object',
  properties: {
    availabilityZoneInfo: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          zoneName: { type: 'string' },
          zoneState: {
            type: 'object',
            properties: { available: { type: 'boolean' } },
            required: ['available'],
            additionalProperties: false,
          },
        },
        required: ['zoneName', 'zoneState'],
        additionalProperties: false,
      },
    },
  },
  required: ['availabilityZoneInfo'],
  additionalProperties: false,
};
