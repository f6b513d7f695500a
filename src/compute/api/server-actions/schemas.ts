import { booleanParameter, VALID_DESCRIPTION } from '../schemas/parameter-types.js';
import { metadataSchema as metadata } from '../schemas/servers.js';

/**
 * Nova's request schemas of the server actions (nova/api/openstack/compute/schemas/: servers.py,
 * lock_server.py, rescue.py, shelve.py, evacuate.py, migrate_server.py, create_backup.py,
 * reset_server_state.py, console_output.py, remote_consoles.py), each checked against the whole
 * action body for the microversions it holds in.
 */

const name = { type: 'string', minLength: 1, maxLength: 255, format: 'name' };
const nameOrNone = { oneOf: [{ type: 'string', minLength: 1, maxLength: 255 }, { type: 'null' }] };
const description = {
  type: ['string', 'null'],
  minLength: 0,
  maxLength: 255,
  pattern: VALID_DESCRIPTION.source,
};
const imageId = { type: 'string', format: 'uuid' };
const adminPassword = { type: 'string' };
const fqdn = { type: 'string', minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9-._]*$' };
const hostOrNull = { ...fqdn, type: ['string', 'null'] };
const hostname = {
  type: 'string',
  minLength: 2,
  maxLength: 63,
  pattern: '^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$',
};
const nonNegativeInteger = { type: ['integer', 'string'], pattern: '^[0-9]*$', minimum: 0, minLength: 1 };

/** A body `{<action>: <value>}` with no other key. */
function actionBody(action: string, value: object, required = true) {
  return {
    type: 'object',
    properties: { [action]: value },
    ...(required ? { required: [action] } : {}),
    additionalProperties: false,
  };
}

function object(properties: Record<string, object>, required: string[] = [], nullable = false) {
  return {
    type: nullable ? ['object', 'null'] : 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

export const rebootSchema = actionBody(
  'reboot',
  object({ type: { type: 'string', enum: ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft'] } }, ['type']),
);

export const resizeSchema = actionBody(
  'resize',
  object(
    {
      flavorRef: { type: ['string', 'integer'], minLength: 1 },
      'OS-DCF:diskConfig': { type: 'string', enum: ['AUTO', 'MANUAL'] },
    },
    ['flavorRef'],
  ),
);

const rebuildFields = {
  name,
  imageRef: imageId,
  adminPass: adminPassword,
  metadata,
  preserve_ephemeral: booleanParameter,
  'OS-DCF:diskConfig': { type: 'string', enum: ['AUTO', 'MANUAL'] },
  accessIPv4: { type: 'string', format: 'ipv4' },
  accessIPv6: { type: 'string', format: 'ipv6' },
  personality: {
    type: 'array',
    items: object({ path: { type: 'string' }, contents: { type: 'string', format: 'base64' } }),
  },
};
const { personality: _personality, ...rebuildFieldsV257 } = rebuildFields;
const userData = { oneOf: [{ type: 'string', format: 'base64', maxLength: 65535 }, { type: 'null' }] };
const trustedCerts = {
  type: ['array', 'null'],
  minItems: 1,
  maxItems: 50,
  uniqueItems: true,
  items: { type: 'string', minLength: 1 },
};
const rebuildOf = (fields: Record<string, object>) => actionBody('rebuild', object(fields, ['imageRef']));

/** `rebuild` (2.1), `rebuild_v219`, `_v254`, `_v257`, `_v263`, `_v290`. */
export const rebuildSchemas = [
  { max: '2.18', schema: rebuildOf(rebuildFields) },
  { min: '2.19', max: '2.53', schema: rebuildOf({ ...rebuildFields, description }) },
  { min: '2.54', max: '2.56', schema: rebuildOf({ ...rebuildFields, description, key_name: nameOrNone }) },
  {
    min: '2.57',
    max: '2.62',
    schema: rebuildOf({ ...rebuildFieldsV257, description, key_name: nameOrNone, user_data: userData }),
  },
  {
    min: '2.63',
    max: '2.89',
    schema: rebuildOf({
      ...rebuildFieldsV257,
      description,
      key_name: nameOrNone,
      user_data: userData,
      trusted_image_certificates: trustedCerts,
    }),
  },
  {
    min: '2.90',
    schema: rebuildOf({
      ...rebuildFieldsV257,
      description,
      key_name: nameOrNone,
      user_data: userData,
      trusted_image_certificates: trustedCerts,
      hostname,
    }),
  },
];

export const createImageSchema = actionBody('createImage', object({ name, metadata }, ['name']));

export const createBackupSchema = actionBody(
  'createBackup',
  object({ name, backup_type: { type: 'string' }, rotation: nonNegativeInteger, metadata }, [
    'name',
    'backup_type',
    'rotation',
  ]),
);

export const lockSchemaV273 = actionBody(
  'lock',
  object({ locked_reason: { type: 'string', minLength: 1, maxLength: 255 } }, [], true),
);

export const rescueSchema = actionBody(
  'rescue',
  object({ adminPass: adminPassword, rescue_image_ref: imageId }, [], true),
);

export const unshelveSchemaV277 = actionBody(
  'unshelve',
  object({ availability_zone: name }, ['availability_zone'], true),
);
export const unshelveSchemaV291 = actionBody('unshelve', {
  oneOf: [
    object({
      availability_zone: { oneOf: [{ type: 'null' }, { type: 'string' }] },
      host: { type: 'string' },
    }),
    { type: 'null' },
  ],
});

const evacuateBase = { host: fqdn, adminPass: adminPassword };
/** `evacuate` (to 2.13), `_v214`, `_v2_29`, `_v2_68`. */
export const evacuateSchemas = [
  {
    max: '2.13',
    schema: actionBody(
      'evacuate',
      object({ ...evacuateBase, onSharedStorage: booleanParameter }, ['onSharedStorage']),
    ),
  },
  { min: '2.14', max: '2.28', schema: actionBody('evacuate', object(evacuateBase)) },
  {
    min: '2.29',
    max: '2.67',
    schema: actionBody('evacuate', object({ ...evacuateBase, force: booleanParameter })),
  },
  { min: '2.68', schema: actionBody('evacuate', object(evacuateBase)) },
];

export const migrateSchemaV256 = actionBody('migrate', object({ host: hostOrNull }, [], true));

const blockMigrationAuto = { ...booleanParameter, enum: [...booleanParameter.enum, 'auto'] };
/** `migrate_live` (to 2.24), `_v2_25`, `_v2_30`, `_v2_68`. */
export const migrateLiveSchemas = [
  {
    max: '2.24',
    schema: actionBody(
      'os-migrateLive',
      object({ block_migration: booleanParameter, disk_over_commit: booleanParameter, host: hostOrNull }, [
        'block_migration',
        'disk_over_commit',
        'host',
      ]),
    ),
  },
  {
    min: '2.25',
    max: '2.29',
    schema: actionBody(
      'os-migrateLive',
      object({ block_migration: blockMigrationAuto, host: hostOrNull }, ['block_migration', 'host']),
    ),
  },
  {
    min: '2.30',
    max: '2.67',
    schema: actionBody(
      'os-migrateLive',
      object({ block_migration: blockMigrationAuto, host: hostOrNull, force: booleanParameter }, [
        'block_migration',
        'host',
      ]),
    ),
  },
  {
    min: '2.68',
    schema: actionBody(
      'os-migrateLive',
      object({ block_migration: blockMigrationAuto, host: hostOrNull }, ['block_migration', 'host']),
    ),
  },
];

export const resetStateSchema = actionBody(
  'os-resetState',
  object({ state: { type: 'string', enum: ['active', 'error'] } }, ['state']),
);

export const consoleOutputSchema = actionBody(
  'os-getConsoleOutput',
  object({ length: { type: ['integer', 'string', 'null'], pattern: '^-?[0-9]+$', minimum: -1 } }),
);

/** The legacy console actions (2.1 to 2.5) and the console types each takes. */
export const LEGACY_CONSOLE_ACTIONS = {
  'os-getVNCConsole': { protocol: 'vnc', types: ['novnc', 'xvpvnc'] },
  'os-getSPICEConsole': { protocol: 'spice', types: ['spice-html5'] },
  'os-getRDPConsole': { protocol: 'rdp', types: ['rdp-html5'] },
  'os-getSerialConsole': { protocol: 'serial', types: ['serial'] },
} as const;

export function legacyConsoleSchema(action: keyof typeof LEGACY_CONSOLE_ACTIONS) {
  return actionBody(
    action,
    object({ type: { type: 'string', enum: [...LEGACY_CONSOLE_ACTIONS[action].types] } }, ['type']),
  );
}

/** What the action route answers: each action's own body, or none. */
export const actionResponses = {
  200: {
    anyOf: [
      object({ adminPass: { type: ['string', 'null'] } }),
      object({ output: { type: 'string' } }, ['output']),
      object(
        {
          console: object({ type: { type: 'string' }, url: { type: 'string' } }, ['type', 'url']),
        },
        ['console'],
      ),
    ],
  },
  202: {
    anyOf: [
      object({ image_id: { type: 'string' } }, ['image_id']),
      {
        type: 'object',
        properties: { server: { type: 'object' } },
        required: ['server'],
        additionalProperties: false,
      },
    ],
  },
  204: { type: 'null' },
};
