/**
 * An IPv6 access address as Nova stores it: its column type keeps the address, not the text, so
 * the API shows it in the canonical compressed form (RFC 5952), whatever form was given.
 * Validation already happened in the request schema; WHATWG URL parsing does the canonical
 * serialisation.
 */
export function canonicalIpv6(address: string): string {
  return new URL(`http://[${address}]`).hostname.slice(1, -1);
}
