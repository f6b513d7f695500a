import assert from 'node:assert/strict';
import type { PlacementTestApp } from './placement-app.js';

/** Shorthands for placement route tests: providers, inventories and allocations at 1.39. */
export function placementFixtures(placement: PlacementTestApp, version = '1.39') {
  const call = async (method: string, path: string, body?: unknown, expected?: number) => {
    const response = await placement.request(method, path, { version, body });
    if (expected !== undefined) assert.equal(response.statusCode, expected, response.body);
    return response;
  };
  return {
    call,
    /** Creates a provider (under `parent` if given) and answers its uuid. */
    async provider(name: string, parent?: string): Promise<string> {
      const body = parent ? { name, parent_provider_uuid: parent } : { name };
      return (await call('POST', '/resource_providers', body, 200)).json().uuid;
    },
    async generation(uuid: string): Promise<number> {
      return (await call('GET', `/resource_providers/${uuid}`, undefined, 200)).json().generation;
    },
    /** Replaces a provider's inventory: totals by class (other fields from `extra`). */
    async inventory(uuid: string, totals: Record<string, number>, extra: Record<string, object> = {}) {
      const generation = (await call('GET', `/resource_providers/${uuid}`, undefined, 200)).json().generation;
      const inventories = Object.fromEntries(
        Object.entries(totals).map(([rc, total]) => [rc, { total, ...extra[rc] }]),
      );
      await call(
        'PUT',
        `/resource_providers/${uuid}/inventories`,
        { resource_provider_generation: generation, inventories },
        200,
      );
    },
    /** PUT /allocations/{consumer} at 1.39 with the consumer's current generation. */
    async allocate(
      consumer: string,
      allocations: Record<string, Record<string, number>>,
      project = 'p1',
      user = 'u1',
    ) {
      const current = (await call('GET', `/allocations/${consumer}`)).json();
      return call('PUT', `/allocations/${consumer}`, {
        allocations: Object.fromEntries(
          Object.entries(allocations).map(([rp, resources]) => [rp, { resources }]),
        ),
        project_id: project,
        user_id: user,
        consumer_generation: current.consumer_generation ?? null,
        consumer_type: 'INSTANCE',
      });
    },
  };
}

/** The `detail` of an error answer's first error, without webob's explanation paragraph. */
export function errorMessage(response: { json(): unknown }): string {
  const { errors } = response.json() as { errors: { detail: string }[] };
  return errors[0].detail.split('\n\n ')[1].replace(/\s+$/, '');
}

export function errorCode(response: { json(): unknown }): string | undefined {
  return (response.json() as { errors: { code?: string }[] }).errors[0].code;
}
