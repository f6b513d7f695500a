/** What a tagged device or namespace is to the driver. */
export type TaggedKind = 'network' | 'dhcp' | 'router' | 'port';

/**
 * The mark the driver leaves on what it makes, so it finds its own things again after a restart
 * and leaves alone what is not its own (another driver's, with another owner, on the same host:
 * tests running side by side). Written as the device's alias (Linux's ifalias), and for a
 * namespace as the alias of its loopback device: `stratus:network:<network id>`.
 */
export const ownerTag = (owner: string, kind: TaggedKind, id: string) => `${owner}:${kind}:${id}`;

/** The kind and id a tag names, when it is one of `owner`'s; null otherwise. */
export function readOwnerTag(alias: string | null, owner: string): { kind: TaggedKind; id: string } | null {
  const match = alias === null ? null : /^([^:]+):(network|dhcp|router|port):(.+)$/.exec(alias);
  if (!match || match[1] !== owner) return null;
  return { kind: match[2] as TaggedKind, id: match[3] };
}
