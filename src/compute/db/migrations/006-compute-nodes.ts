import type { Kysely, Migration } from 'kysely';
import { autoIncrementKey } from '../../../common/db/index.js';

const time = 'varchar(32)' as const;

/**
 * Nova's `compute_nodes`: what each compute host's agent last reported of its hypervisor, one
 * row per (host, hypervisor_hostname). `uuid` is also the host's resource provider in placement.
 * The derived fields Nova stores (free_ram_mb, free_disk_gb, current_workload) are computed on
 * read instead, so they cannot disagree with the totals.
 */
export const computeNodes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('compute_nodes')
      .addColumn('id', 'integer', autoIncrementKey(db))
      .addColumn('uuid', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('service_id', 'integer', (c) => c.references('services.id').onDelete('set null'))
      .addColumn('host', 'varchar(255)', (c) => c.notNull())
      .addColumn('hypervisor_hostname', 'varchar(255)', (c) => c.notNull())
      .addColumn('hypervisor_type', 'varchar(255)', (c) => c.notNull())
      .addColumn('hypervisor_version', 'integer', (c) => c.notNull())
      .addColumn('vcpus', 'integer', (c) => c.notNull())
      .addColumn('memory_mb', 'integer', (c) => c.notNull())
      .addColumn('local_gb', 'integer', (c) => c.notNull())
      .addColumn('vcpus_used', 'integer', (c) => c.notNull())
      .addColumn('memory_mb_used', 'integer', (c) => c.notNull())
      .addColumn('local_gb_used', 'integer', (c) => c.notNull())
      .addColumn('disk_available_least', 'integer')
      .addColumn('running_vms', 'integer', (c) => c.notNull())
      .addColumn('cpu_info', 'text', (c) => c.notNull())
      .addColumn('host_ip', 'varchar(39)')
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .addUniqueConstraint('compute_nodes_host_hypervisor_hostname', ['host', 'hypervisor_hostname'])
      .execute();
  },
};
