import type { FastifyInstance } from 'fastify';
import type { BlockStorageDeps } from '../deps.js';
import { VOLUME_BINARY } from '../rpc/topics.js';
import { availabilityZonesResponse } from './availability-zones-schemas.js';
import { projectParams } from './volume-schemas.js';

/**
 * `GET /os-availability-zone`: the zones of the volume services, each available unless every
 * volume service in it is disabled (Cinder's `list_availability_zones`); any caller may ask.
 */
export function availabilityZoneRoutes(app: FastifyInstance, deps: BlockStorageDeps): void {
  app.get(
    '/os-availability-zone',
    { schema: { params: projectParams, response: { 200: availabilityZonesResponse } } },
    async () => {
      const services = await deps.db
        .selectFrom('services')
        .select(['availability_zone', 'disabled'])
        .where('binary', '=', VOLUME_BINARY)
        .orderBy('created_at')
        .orderBy('host')
        .execute();
      const allDisabled = new Map<string, boolean>();
      for (const service of services) {
        const zone = service.availability_zone;
        allDisabled.set(zone, (allDisabled.get(zone) ?? true) && service.disabled === 1);
      }
      return {
        availabilityZoneInfo: [...allDisabled].map(([zoneName, disabled]) => ({
          zoneName,
          zoneState: { available: !disabled },
        })),
      };
    },
  );
}
