const count = { type: 'integer' };

/**
 * Tempest's `show_limits`. The used totals show only when `limits_extension:used_limits`
 * allows, so only the maxima are required; `rate` is always empty, as Cinder without a rate
 * limiting middleware.
 */
export const limitsResponse = {
  type: 'object',
  properties: {
    limits: {
      type: 'object',
      properties: {
        rate: { type: 'array', maxItems: 0 },
        absolute: {
          type: 'object',
          properties: {
            maxTotalVolumes: count,
            maxTotalSnapshots: count,
            maxTotalVolumeGigabytes: count,
            maxTotalBackups: count,
            maxTotalBackupGigabytes: count,
            totalVolumesUsed: count,
            totalGigabytesUsed: count,
            totalSnapshotsUsed: count,
            totalBackupsUsed: count,
            totalBackupGigabytesUsed: count,
          },
          required: [
            'maxTotalVolumes',
            'maxTotalSnapshots',
            'maxTotalVolumeGigabytes',
            'maxTotalBackups',
            'maxTotalBackupGigabytes',
          ],
          additionalProperties: false,
        },
      },
      required: ['rate', 'absolute'],
      additionalProperties: false,
    },
  },
  required: ['limits'],
  additionalProperties: false,
};
