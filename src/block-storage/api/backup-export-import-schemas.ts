/** `POST /backups/import_record` (cinder/api/schemas/backups.py `import_record`). */
export const importRecordBody = {
  type: 'object',
  properties: {
    'backup-record': {
      type: 'object',
      properties: {
        backup_service: { type: 'string', minLength: 0, maxLength: 255 },
        // Cinder's `base64` format, as a pattern.
        backup_url: { type: 'string', minLength: 1, pattern: '^[A-Za-z0-9+/\\s]*={0,2}\\s*$' },
      },
      required: ['backup_service', 'backup_url'],
      additionalProperties: false,
    },
  },
  required: ['backup-record'],
  additionalProperties: false,
};

export interface ImportRecordBody {
  'backup-record': { backup_service: string; backup_url: string };
}

/** Tempest's `export_backup`. */
export const exportRecordResponse = {
  type: 'object',
  properties: {
    'backup-record': {
      type: 'object',
      properties: { backup_service: { type: 'string' }, backup_url: { type: 'string' } },
      required: ['backup_service', 'backup_url'],
      additionalProperties: false,
    },
  },
  required: ['backup-record'],
  additionalProperties: false,
};
