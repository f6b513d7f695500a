/** Tempest's availability_zone response schemas (v2_1): `hosts` is null except in detail. */
const zoneState = {
  type: 'object',
  properties: { available: { type: 'boolean' } },
  required: ['available'],
  additionalProperties: false,
};

/** Detail's hosts: host name → service binary → its state. */
const hostServices = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    additionalProperties: {
      type: 'object',
      properties: {
        available: { type: 'boolean' },
        active: { type: 'boolean' },
        updated_at: { type: ['string', 'null'] },
      },
      required: ['available', 'active', 'updated_at'],
      additionalProperties: false,
    },
  },
};

function zoneList(hosts: object) {
  return {
    type: 'object',
    properties: {
      availabilityZoneInfo: {
        type: 'array',
        items: {
          type: 'object',
          properties: { zoneName: { type: 'string' }, zoneState, hosts },
          required: ['zoneName', 'zoneState', 'hosts'],
          additionalProperties: false,
        },
      },
    },
    required: ['availabilityZoneInfo'],
    additionalProperties: false,
  };
}

export const zoneListResponse = zoneList({ type: 'null' });
export const zoneDetailResponse = zoneList({ anyOf: [{ type: 'null' }, hostServices] });

/** Neither list takes parameters; Nova ignores any given. */
export const zoneListQuery = { type: 'object', additionalProperties: true };
