/** An extra DHCP option of a port (extra_dhcp_opt), as stored and shown. */
export interface ExtraDhcpOpt {
  opt_name: string;
  opt_value: string | null;
  ip_version: number;
}

type RequestedOpt = { opt_name: string; opt_value: string | null; ip_version?: number | string };

const sameOption = (
  a: { opt_name: string; ip_version: number },
  b: { opt_name: string; ip_version: number },
) => a.opt_name === b.opt_name && a.ip_version === b.ip_version;

/** Options as given on create: an IP version of 4 unless told (the model's default). */
export function storedExtraDhcpOpts(value: unknown): ExtraDhcpOpt[] {
  return ((value as RequestedOpt[] | null | undefined) ?? [])
    .filter((option) => option.opt_value !== null)
    .map((option) => ({ ...option, ip_version: Number(option.ip_version ?? 4) }));
}

/**
 * extradhcpopt_db's update: an option named again (with its IP version) takes the new value, or
 * goes when the value is null; a new name is added.
 */
export function mergeExtraDhcpOpts(current: unknown, changes: unknown): ExtraDhcpOpt[] {
  let options = [...((current as ExtraDhcpOpt[] | undefined) ?? [])];
  for (const change of (changes as RequestedOpt[] | null) ?? []) {
    const option = { ...change, ip_version: Number(change.ip_version ?? 4) };
    const existing = options.find((candidate) => sameOption(candidate, option));
    if (option.opt_value === null) options = options.filter((candidate) => candidate !== existing);
    else if (existing) options = options.map((candidate) => (candidate === existing ? option : candidate));
    else options.push(option);
  }
  return options;
}
