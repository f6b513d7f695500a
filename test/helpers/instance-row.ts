import { randomUUID } from 'node:crypto';
import { flavorColumns, type NewInstanceRow } from '../../src/compute/instances/instance-repo.js';
import type { FlavorSpec } from '../../src/compute/virt/types.js';

/**
 * An instance row as the API writes it at create (BUILD, scheduling, no host), for tests that
 * put servers in the database directly; `overrides` sets the columns a test cares about.
 */
export function newInstanceRow(
  owner: { projectId: string; userId: string },
  flavor: FlavorSpec,
  overrides: Partial<NewInstanceRow> = {},
): NewInstanceRow {
  return {
    uuid: randomUUID(),
    display_name: 'server',
    display_description: null,
    project_id: owner.projectId,
    user_id: owner.userId,
    image_ref: '',
    ...flavorColumns(flavor),
    old_flavor: null,
    new_flavor: null,
    key_name: null,
    key_data: null,
    user_data: null,
    config_drive: 0,
    availability_zone: null,
    host: null,
    node: null,
    launched_on: null,
    vm_state: 'building',
    task_state: 'scheduling',
    power_state: 0,
    locked: 0,
    locked_by: null,
    locked_reason: null,
    reservation_id: 'r-test',
    launch_index: 0,
    hostname: 'server',
    access_ip_v4: null,
    access_ip_v6: null,
    progress: 0,
    root_device_name: null,
    system_metadata: '{}',
    network_info: '[]',
    security_groups: '[]',
    trusted_image_certificates: null,
    created_at: new Date().toISOString(),
    updated_at: null,
    scheduled_at: null,
    launched_at: null,
    terminated_at: null,
    deleted_at: null,
    deleted: 0,
    ...overrides,
  };
}
