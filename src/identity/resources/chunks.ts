/** Ids per statement: well under SQLite's and PostgreSQL's limits on bound parameters. */
const CHUNK = 500;

/** Runs `work` over `ids` a slice at a time, so an `in (...)` list never grows past a statement's limit. */
export async function inChunks(
  ids: readonly string[],
  work: (slice: string[]) => Promise<unknown>,
): Promise<void> {
  for (let start = 0; start < ids.length; start += CHUNK) await work(ids.slice(start, start + CHUNK));
}
