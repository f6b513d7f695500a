import { StorageError } from './storage-response.js';
import { Timestamp } from './timestamp.js';

/** Swift's `valid_timestamp`: X-Timestamp is required on every write, and must be one. */
export function requestTimestamp(headers: Record<string, string>): Timestamp {
  const value = headers['x-timestamp'];
  if (value === undefined) throw new StorageError(400, 'Missing X-Timestamp header');
  const timestamp = Timestamp.tryParse(value);
  if (!timestamp) throw new StorageError(400, 'Invalid X-Timestamp header');
  return timestamp;
}
