/** Nova's flavor `metadata`: keys of `[a-zA-Z0-9-_:. ]`, values strings (or numbers) of up to 255. */
const specs = {
  type: 'object',
  patternProperties: { '^[a-zA-Z0-9-_:. ]{1,255}$': { type: ['string', 'number'], maxLength: 255 } },
  additionalProperties: false,
};

export const createExtraSpecsBody = {
  type: 'object',
  properties: { extra_specs: specs },
  required: ['extra_specs'],
  additionalProperties: false,
};

/** PUT /os-extra_specs/{key}: exactly the one spec named in the path. */
export const updateExtraSpecBody = { ...specs, minProperties: 1, maxProperties: 1 };

export const extraSpecParams = {
  type: 'object',
  properties: { flavor_id: { type: 'string' }, key: { type: 'string' } },
  required: ['flavor_id', 'key'],
};

/** Values are strings once stored; a create echoes the numbers it was given, as Nova. */
const specValues = { type: 'object', additionalProperties: { type: ['string', 'number'] } };

export const extraSpecsResponse = {
  type: 'object',
  properties: { extra_specs: specValues },
  required: ['extra_specs'],
  additionalProperties: false,
};

export const extraSpecResponse = specValues;
