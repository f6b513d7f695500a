/**
 * The password a guest posts to the metadata service (encrypted with the instance's public key
 * by cloudbase-init and the like), kept as Nova keeps it: in the instance's system metadata, as
 * four chunks of 255 characters, `password_0` to `password_3`.
 */
const CHUNKS = 4;
const CHUNK_LENGTH = 255;

/** The largest password body, in bytes (Nova's `MAX_SIZE`). */
export const MAX_PASSWORD_BYTES = CHUNKS * CHUNK_LENGTH;

/** `extract_password`: the `password_*` chunks joined in key order; null when there are none or all are empty. */
export function passwordOf(systemMetadata: Record<string, string>): string | null {
  const keys = Object.keys(systemMetadata)
    .filter((key) => key.startsWith('password_'))
    .sort();
  return keys.map((key) => systemMetadata[key]).join('') || null;
}

/** `convert_password`: the system metadata chunks that store `password`. */
export function passwordChunks(password: string): Record<string, string> {
  const chunks: Record<string, string> = {};
  for (let index = 0; index < CHUNKS; index += 1) {
    chunks[`password_${index}`] = password.slice(index * CHUNK_LENGTH, (index + 1) * CHUNK_LENGTH);
  }
  return chunks;
}
