/** The scheduler's topic: one scheduler (or several sharing the topic) picks a backend. */
export const SCHEDULER_TOPIC = 'cinder-scheduler';

/** The volume services' topic; the service of one backend serves `cinder-volume.<host@backend>`. */
export const VOLUME_TOPIC = 'cinder-volume';

/** Cinder's service binaries, as os-services names them. */
export const SCHEDULER_BINARY = 'cinder-scheduler';
export const VOLUME_BINARY = 'cinder-volume';
export const BACKUP_BINARY = 'cinder-backup';

/**
 * A backend's volume host as Cinder writes it: `host@backend`; volumes carry `host@backend#pool`
 * with the pool, which is the backend's name for the single-pool drivers here.
 */
export function backendHost(host: string, backend: string): string {
  return `${host}@${backend}`;
}

/** `host@backend#pool` of a volume on a backend. */
export function volumeHost(backendHostName: string, pool: string): string {
  return `${backendHostName}#${pool}`;
}

/** The backend host (`host@backend`) of a volume's `host@backend#pool`: the bus target of its service. */
export function backendOf(volumeHostName: string): string {
  return volumeHostName.split('#')[0];
}
