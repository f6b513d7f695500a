import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Aggregate } from '../../../../src/compute/aggregates/aggregates-repo.js';
import {
  hostZones,
  zoneOfService,
  zonesByState,
} from '../../../../src/compute/aggregates/availability-zones.js';
import type { ServiceRow } from '../../../../src/compute/services/service-registry.js';

const aggregate = (hosts: string[], metadata: Record<string, string>): Aggregate => ({
  id: 1,
  uuid: 'u',
  name: 'a',
  created_at: '',
  updated_at: null,
  hosts,
  metadata,
});
const service = (host: string, binary: string, disabled = 0) => ({ host, binary, disabled }) as ServiceRow;

describe('availability zones', () => {
  const zones = hostZones([
    aggregate(['h1'], { availability_zone: 'az1' }),
    aggregate(['h2'], { ssd: 'true' }),
  ]);

  test('a host’s zone is its aggregate’s; metadata without a zone gives none', () => {
    assert.deepEqual([...zones], [['h1', 'az1']]);
  });

  test('compute services default to nova, the rest are internal', () => {
    assert.equal(zoneOfService(service('h1', 'nova-compute'), zones), 'az1');
    assert.equal(zoneOfService(service('h2', 'nova-compute'), zones), 'nova');
    assert.equal(zoneOfService(service('h1', 'nova-conductor'), zones), 'internal');
  });

  test('a zone is available while one of its services is enabled', () => {
    const services = [
      service('h1', 'nova-compute', 1),
      service('h2', 'nova-compute', 1),
      service('h3', 'nova-compute'),
    ];
    assert.deepEqual(zonesByState(services, zones), { available: ['nova'], notAvailable: ['az1'] });
  });
});
