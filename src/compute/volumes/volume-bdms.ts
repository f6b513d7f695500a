import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Updateable } from 'kysely';
import { blockDeviceInfoOf } from '../agent/guest-spec.js';
import type { BlockDeviceMappingTable, ComputeSchema } from '../db/schema.js';
import type { InstanceRow } from '../instances/instance-repo.js';

export type BdmRow = Selectable<BlockDeviceMappingTable>;

/** The block device mappings of volumes (`destination_type` volume) as compute keeps them. */
export class VolumeBdms {
  constructor(
    private readonly db: Kysely<ComputeSchema>,
    private readonly now: () => Date,
  ) {}

  /** Every mapping of the instance, in the order they were made. */
  ofInstance(instanceUuid: string): Promise<BdmRow[]> {
    return this.db
      .selectFrom('block_device_mappings')
      .selectAll()
      .where('instance_uuid', '=', instanceUuid)
      .orderBy('id')
      .execute();
  }

  /** The instance's volumes that are (or are to be) Cinder volumes. */
  async volumesOf(instanceUuid: string): Promise<BdmRow[]> {
    return (await this.ofInstance(instanceUuid)).filter((bdm) => bdm.destination_type === 'volume');
  }

  byUuid(uuid: string): Promise<BdmRow | undefined> {
    return this.db
      .selectFrom('block_device_mappings')
      .selectAll()
      .where('uuid', '=', uuid)
      .executeTakeFirst();
  }

  /** The instance's mapping of the volume (the latest, should there be several). */
  ofVolume(instanceUuid: string, volumeId: string): Promise<BdmRow | undefined> {
    return this.db
      .selectFrom('block_device_mappings')
      .selectAll()
      .where('instance_uuid', '=', instanceUuid)
      .where('volume_id', '=', volumeId)
      .orderBy('id', 'desc')
      .executeTakeFirst();
  }

  /** The uuids of the live servers that have a mapping of the volume (`BlockDeviceMappingList.get_by_volume`). */
  async serversWith(volumeId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('block_device_mappings')
      .innerJoin('instances', 'instances.uuid', 'block_device_mappings.instance_uuid')
      .select('block_device_mappings.instance_uuid')
      .where('block_device_mappings.volume_id', '=', volumeId)
      .where('instances.deleted', '=', 0)
      .orderBy('block_device_mappings.id')
      .execute();
    return rows.map((row) => row.instance_uuid);
  }

  /** A new mapping of an existing volume attached after boot; its uuid. */
  async addAttached(
    instanceUuid: string,
    fields: { volumeId: string; device: string | null; tag: string | null; deleteOnTermination: boolean },
  ): Promise<string> {
    const uuid = randomUUID();
    await this.db
      .insertInto('block_device_mappings')
      .values({
        uuid,
        instance_uuid: instanceUuid,
        source_type: 'volume',
        destination_type: 'volume',
        device_name: fields.device,
        boot_index: null,
        image_id: null,
        volume_id: fields.volumeId,
        snapshot_id: null,
        volume_size: null,
        volume_type: null,
        delete_on_termination: fields.deleteOnTermination ? 1 : 0,
        guest_format: null,
        disk_bus: null,
        device_type: 'disk',
        tag: fields.tag,
        attachment_id: null,
        connection_info: null,
        created_at: this.now().toISOString(),
        updated_at: null,
      })
      .execute();
    return uuid;
  }

  async update(id: number, changes: Updateable<BlockDeviceMappingTable>): Promise<void> {
    await this.db
      .updateTable('block_device_mappings')
      .set({ ...changes, updated_at: this.now().toISOString() })
      .where('id', '=', id)
      .execute();
  }

  async remove(id: number): Promise<void> {
    await this.db.deleteFrom('block_device_mappings').where('id', '=', id).execute();
  }
}

/**
 * The next free `/dev/vdX` of an instance, as libvirt's `get_device_name_for_instance` picks it
 * (it ignores a name the user gives): after the root device, the mapped devices, and the
 * ephemeral and swap disks the flavor gives.
 */
export function nextDeviceName(row: InstanceRow, bdms: BdmRow[]): string {
  const info = blockDeviceInfoOf(row, bdms);
  const taken = new Set([
    info.rootDeviceName,
    ...bdms.flatMap((bdm) => (bdm.device_name ? [bdm.device_name] : [])),
    ...info.ephemerals.map((ephemeral) => ephemeral.deviceName),
    ...(info.swap ? [info.swap.deviceName] : []),
  ]);
  const prefix = info.rootDeviceName.replace(/[a-z]$/, '');
  for (let code = 'b'.charCodeAt(0); code <= 'z'.charCodeAt(0); code++) {
    const name = prefix + String.fromCharCode(code);
    if (!taken.has(name)) return name;
  }
  throw new Error(`Instance ${row.uuid} has no free device name left`);
}
