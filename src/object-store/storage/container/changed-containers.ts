import type { ContainerInfo } from './container-db.js';

/** A container whose stats changed since the account servers last heard of them. */
export interface ChangedContainer {
  device: string;
  devicePath: string;
  partition: number;
  account: string;
  container: string;
  /** Its database file. */
  path: string;
}

/** What a container tells its account servers (the row `PUT /<dev>/<part>/<account>/<container>`). */
export function accountReportHeaders(info: ContainerInfo): Record<string, string> {
  return {
    'x-put-timestamp': info.put_timestamp,
    'x-delete-timestamp': info.delete_timestamp,
    'x-object-count': String(info.object_count),
    'x-bytes-used': String(info.bytes_used),
    'x-backend-storage-policy-index': '0',
  };
}

/** Whether the stats differ from what was last reported (Swift's container updater test). */
export function needsReport(info: ContainerInfo): boolean {
  return (
    info.put_timestamp !== info.reported_put_timestamp ||
    info.delete_timestamp !== info.reported_delete_timestamp ||
    info.object_count !== info.reported_object_count ||
    info.bytes_used !== info.reported_bytes_used
  );
}
