import { BadRequest } from '../../common/http/errors.js';
import { pythonRepr, type JsonValue } from '../../common/python-format.js';
import { booleanSchema } from '../volumes/request-validation.js';
import { linksSchema } from './volume-schemas.js';

export interface CreateTransferBody {
  transfer: { volume_id: string; name?: unknown; no_snapshots?: boolean | string };
}

export interface AcceptTransferBody {
  accept: { auth_key: string | number };
}

const transferProperties = {
  volume_id: { type: 'string', format: 'uuid' },
  // Checked by checkTransferName, whose message is Cinder's for its `oneOf`.
  name: {},
};

function createBody(properties: object): object {
  return {
    type: 'object',
    properties: {
      transfer: { type: 'object', properties, required: ['volume_id'], additionalProperties: false },
    },
    required: ['transfer'],
    additionalProperties: false,
  };
}

/** cinder/api/schemas/volume_transfer.py `create` (before 3.55). */
export const createTransferBody = createBody(transferProperties);

/** `create_v355`: a transfer may leave the volume's snapshots behind. */
export const createTransferBodyV355 = createBody({ ...transferProperties, no_snapshots: booleanSchema });

/** `accept`. */
export const acceptTransferBody = {
  type: 'object',
  properties: {
    accept: {
      type: 'object',
      properties: { auth_key: { type: ['string', 'integer'] } },
      required: ['auth_key'],
      additionalProperties: false,
    },
  },
  required: ['accept'],
  additionalProperties: false,
};

export const transferParams = {
  type: 'object',
  properties: { project_id: { type: 'string' }, id: { type: 'string' } },
  required: ['id'],
};

const textOrNull = { type: ['string', 'null'] };

/** Tempest's list item (no detail) and the accept answer. */
const transferSummaryView = {
  type: 'object',
  properties: { id: { type: 'string' }, volume_id: { type: 'string' }, name: textOrNull, links: linksSchema },
  required: ['id', 'volume_id', 'name', 'links'],
  additionalProperties: false,
};

/** Tempest's `common_show_volume_transfer`, with 3.55's `no_snapshots` and 3.57's history. */
const transferDetailProperties = {
  ...transferSummaryView.properties,
  created_at: { type: 'string' },
  no_snapshots: { type: 'boolean' },
  destination_project_id: textOrNull,
  source_project_id: { type: 'string' },
  accepted: { type: 'boolean' },
};

const transferDetailView = {
  type: 'object',
  properties: transferDetailProperties,
  required: [...transferSummaryView.required, 'created_at'],
  additionalProperties: false,
};

function transferList(item: object): object {
  return {
    type: 'object',
    properties: { transfers: { type: 'array', items: item }, transfers_links: linksSchema },
    required: ['transfers'],
    additionalProperties: false,
  };
}

function oneTransfer(view: object): object {
  return {
    type: 'object',
    properties: { transfer: view },
    required: ['transfer'],
    additionalProperties: false,
  };
}

export const transferSummaryListResponse = transferList(transferSummaryView);
export const transferDetailListResponse = transferList(transferDetailView);
export const transferResponse = oneTransfer(transferDetailView);
export const acceptedTransferResponse = oneTransfer(transferSummaryView);

/** Tempest's `create_volume_transfer`: the detail with the auth key, shown this once. */
export const createdTransferResponse = oneTransfer({
  ...transferDetailView,
  properties: { ...transferDetailProperties, auth_key: { type: 'string' } },
  required: [...transferDetailView.required, 'auth_key'],
});

/**
 * A transfer's name, null or text of 1 to 255 characters once stripped, returned stripped.
 * Anything else fails Cinder's `oneOf` of string and null, and says so.
 */
export function checkTransferName(name: unknown): string | null {
  if (name === undefined || name === null) return null;
  if (typeof name === 'string') {
    // `name_skip_leading_trailing_spaces`: 1 to 255 characters once stripped.
    const stripped = name.trim();
    const length = [...stripped].length;
    if (length >= 1 && length <= 255) return stripped;
  }
  const shown = typeof name === 'string' ? name : pythonRepr(name as JsonValue);
  throw new BadRequest(
    `Invalid input for field/attribute name. Value: ${shown}. ${pythonRepr(name as JsonValue)} is not valid under any of the given schemas`,
  );
}
