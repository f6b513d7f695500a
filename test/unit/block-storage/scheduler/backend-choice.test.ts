import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BackendReport } from '../../../../src/block-storage/rpc/volume-api.js';
import { chooseBackend } from '../../../../src/block-storage/scheduler/backend-choice.js';

function backend(name: string, fields: Partial<BackendReport> = {}): BackendReport {
  return {
    backendHost: `host@${name}`,
    volumeBackendName: name,
    pool: name,
    availabilityZone: 'nova',
    totalGb: 100,
    freeGb: 100,
    provisionedGb: 0,
    thinProvisioning: false,
    maxOverSubscriptionRatio: 20,
    storageProtocol: 'nbd',
    vendorName: 'Stratus',
    driverVersion: '1.0.0',
    ...fields,
  };
}

const request = { sizeGb: 10, availabilityZone: 'nova', volumeBackendName: null };

describe('choosing a backend for a new volume', () => {
  it('takes the backend with the most free space', () => {
    const chosen = chooseBackend([backend('a', { freeGb: 20 }), backend('b', { freeGb: 50 })], request);
    assert.equal(chosen?.backendHost, 'host@b');
  });

  it('passes over backends of another zone', () => {
    const chosen = chooseBackend(
      [backend('a', { availabilityZone: 'other' }), backend('b', { freeGb: 11 })],
      request,
    );
    assert.equal(chosen?.backendHost, 'host@b');
  });

  it('keeps to the backend the volume type names in volume_backend_name', () => {
    const chosen = chooseBackend([backend('a'), backend('b', { freeGb: 30 })], {
      ...request,
      volumeBackendName: 'b',
    });
    assert.equal(chosen?.backendHost, 'host@b');
  });

  it('finds none when a thick backend lacks the free space', () => {
    assert.equal(chooseBackend([backend('a', { freeGb: 9 })], request), null);
  });

  it('lets a thin backend provision beyond its size up to the over-subscription ratio', () => {
    const thin = backend('a', { thinProvisioning: true, totalGb: 10, freeGb: 5, provisionedGb: 150 });
    assert.equal(chooseBackend([thin], request)?.backendHost, 'host@a');
    assert.equal(chooseBackend([{ ...thin, provisionedGb: 195 }], request), null);
  });

  it('finds none when no backend is up', () => {
    assert.equal(chooseBackend([], request), null);
  });
});
