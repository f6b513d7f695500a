import { CommandFailed } from '../errors.js';
import type { CommandRunner } from './command-runner.js';
import { parseIptablesSave, RestoreScript, sameRules, type SavedTable } from './iptables-text.js';
import type { PortChainRules } from './port-rules.js';

/** The two address families' tools (Debian's `iptables` package, on the nf_tables backend). */
const families = [
  { family: 4 as const, tool: 'iptables', save: 'iptables-save', restore: 'iptables-restore' },
  { family: 6 as const, tool: 'ip6tables', save: 'ip6tables-save', restore: 'ip6tables-restore' },
];
type Family = (typeof families)[number];

/** How many times a change is planned and tried before its failure is final. */
const maxAttempts = 3;

/** Where bridged traffic from and to instances is filtered on the host (both families). */
export interface HostFirewallChains {
  /** Jumped to from FORWARD: ports, then bridges, then the safety drop. */
  forward: string;
  /** Jumped to from INPUT: what instances send to the host itself passes their egress chain. */
  input: string;
  /** Dispatch to each filtered port's ingress and egress chains. */
  ports: string;
  /** Accepts what stays within one of the driver's bridges (after the ports' chains had their say). */
  bridges: string;
  /** Raw table, jumped to from PREROUTING: a conntrack zone per bridge, so overlapping addresses never share state. */
  zones: string;
  ingress(device: string): string;
  egress(device: string): string;
  spoof(device: string): string;
}

function hostFirewallChains(owner: string): HostFirewallChains {
  return {
    forward: `${owner}-FORWARD`,
    input: `${owner}-INPUT`,
    ports: `${owner}-ports`,
    bridges: `${owner}-bridges`,
    zones: `${owner}-PREROUTING`,
    ingress: (device) => `${owner}-i-${device}`,
    egress: (device) => `${owner}-o-${device}`,
    spoof: (device) => `${owner}-s-${device}`,
  };
}

/**
 * The driver's rules in the host's iptables: base chains hooked into FORWARD, INPUT and raw
 * PREROUTING, one set of chains per filtered port and one rule pair per bridge. The kernel is the
 * record: which ports and bridges the rules cover is read back from `iptables-save` each time,
 * so nothing is lost across restarts, and each change is one `iptables-restore` transaction.
 */
export class HostFirewall {
  readonly chains: HostFirewallChains;

  constructor(
    private readonly runner: CommandRunner,
    private readonly owner: string,
  ) {
    this.chains = hostFirewallChains(owner);
  }

  /** Installs the base chains and their hooks (idempotent; keeps the ports' and bridges' rules). */
  async setup(): Promise<void> {
    const { forward, input, ports, bridges, zones } = this.chains;
    const forwardRules = [
      `-j ${ports}`,
      `-j ${bridges}`,
      // Never route what comes from an instance network through the host (to its uplink): traffic
      // stays on this machine, whatever the host's own forwarding setting.
      '-i brq+ -m physdev ! --physdev-is-bridged -j DROP',
    ];
    await this.apply((saved) => {
      const filter = new RestoreScript('filter');
      const raw = new RestoreScript('raw');
      if (!sameRules(saved.get('filter'), forward, forwardRules)) filter.rewrite(forward, forwardRules);
      for (const chain of [input, ports, bridges])
        if (!saved.get('filter')?.has(chain)) filter.rewrite(chain, []);
      if (!saved.get('raw')?.has(zones)) raw.rewrite(zones, []);
      this.hook(saved.get('filter'), filter, 'FORWARD', forward);
      this.hook(saved.get('filter'), filter, 'INPUT', input);
      this.hook(saved.get('raw'), raw, 'PREROUTING', zones);
      return [filter, raw];
    });
  }

  /** Bridged traffic of `bridge` is accepted once filtered and gets its own conntrack zone; `present: false` removes that. */
  async setBridge(bridge: string, present: boolean): Promise<void> {
    await this.apply((saved) => {
      const accepts = saved.get('filter')?.get(this.chains.bridges) ?? [];
      const zoneRules = saved.get('raw')?.get(this.chains.zones) ?? [];
      const zoneOf = new Map(
        zoneRules
          .map((rule) => /^-i (\S+) -j CT --zone (\d+)$/.exec(rule))
          .filter((m) => m !== null)
          .map((m) => [m[1], Number(m[2])]),
      );
      const bridgesNow = new Set(
        accepts.map((rule) => /^-i (\S+) /.exec(rule)?.[1]).filter((name) => name !== undefined),
      );
      if (present) {
        bridgesNow.add(bridge);
        if (!zoneOf.has(bridge)) zoneOf.set(bridge, firstFreeZone(zoneOf));
      } else {
        bridgesNow.delete(bridge);
        zoneOf.delete(bridge);
      }
      const acceptRules = [...bridgesNow].sort().map((name) => `-i ${name} -o ${name} -j ACCEPT`);
      const zoneLines = [...zoneOf]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, zone]) => `-i ${name} -j CT --zone ${zone}`);
      const filter = new RestoreScript('filter');
      const raw = new RestoreScript('raw');
      if (!sameRules(saved.get('filter'), this.chains.bridges, acceptRules))
        filter.rewrite(this.chains.bridges, acceptRules);
      if (!sameRules(saved.get('raw'), this.chains.zones, zoneLines))
        raw.rewrite(this.chains.zones, zoneLines);
      return [filter, raw];
    });
  }

  /** The port's chains hold `rules` (per family) and its traffic is dispatched to them; null removes them. */
  async setPort(device: string, rules: ((family: 4 | 6) => PortChainRules) | null): Promise<void> {
    const { ingress, egress, spoof } = this.chains;
    await this.apply((saved, family) => {
      const filter = saved.get('filter');
      const devices = this.filteredDevices(filter);
      const script = new RestoreScript('filter');
      if (rules) {
        devices.add(device);
        const chains = rules(family.family);
        for (const [chain, lines] of [
          [spoof(device), chains.spoof],
          [ingress(device), chains.ingress],
          [egress(device), chains.egress],
        ] as const)
          if (!sameRules(filter, chain, lines)) script.rewrite(chain, lines);
      } else devices.delete(device);
      this.dispatch(filter, script, devices);
      if (!rules)
        for (const chain of [ingress(device), egress(device), spoof(device)])
          if (filter?.has(chain)) script.command(`-F ${chain}`).command(`-X ${chain}`);
      return [script];
    });
  }

  /**
   * Removes every chain and hook of this owner, in both families. A built-in chain left empty
   * with policy ACCEPT (iptables made it for the hook) goes too, as it does nothing; the empty
   * table iptables made stays (it cannot remove tables, and it does nothing either).
   */
  async teardown(): Promise<void> {
    const ours = (chain: string) => chain.startsWith(`${this.owner}-`);
    const emptied = new Map<Family, [string, string][]>();
    await this.apply((saved, family, text) => {
      const builtins: [string, string][] = [];
      emptied.set(family, builtins);
      return ['filter', 'raw'].map((table) => {
        const script = new RestoreScript(table);
        const chains = saved.get(table) ?? new Map<string, string[]>();
        for (const [chain, rules] of chains) {
          if (ours(chain)) continue;
          const hooks = rules.filter((rule) => ours(rule.split(' ').at(-1) ?? ''));
          for (const rule of hooks) script.command(`-D ${chain} ${rule}`);
          if (hooks.length > 0 && hooks.length === rules.length && acceptsByDefault(text, table, chain))
            builtins.push([table, chain]);
        }
        const owned = [...chains.keys()].filter(ours);
        for (const chain of owned) script.command(`-F ${chain}`);
        for (const chain of owned) script.command(`-X ${chain}`);
        return script;
      });
    });
    // Apart, and allowed to fail: someone may have added a rule to it meanwhile.
    for (const [family, builtins] of emptied)
      for (const [table, chain] of builtins)
        await this.runner.run([family.tool, '-t', table, '-X', chain], { allowFailure: true });
  }

  /** Devices with an ingress chain of this owner. */
  private filteredDevices(filter: SavedTable | undefined): Set<string> {
    const prefix = this.chains.ingress('');
    return new Set(
      [...(filter?.keys() ?? [])]
        .filter((chain) => chain.startsWith(prefix))
        .map((chain) => chain.slice(prefix.length)),
    );
  }

  /** Rewrites the dispatch chains (FORWARD's and INPUT's) for exactly `devices`, when they differ. */
  private dispatch(filter: SavedTable | undefined, script: RestoreScript, devices: Set<string>): void {
    const sortedDevices = [...devices].sort();
    const portRules = sortedDevices.flatMap((device) => [
      `-m physdev --physdev-out ${device} --physdev-is-bridged -j ${this.chains.ingress(device)}`,
      `-m physdev --physdev-in ${device} --physdev-is-bridged -j ${this.chains.egress(device)}`,
    ]);
    const inputRules = sortedDevices.map(
      (device) => `-m physdev --physdev-in ${device} -j ${this.chains.egress(device)}`,
    );
    if (!sameRules(filter, this.chains.ports, portRules)) script.rewrite(this.chains.ports, portRules);
    if (!sameRules(filter, this.chains.input, inputRules)) script.rewrite(this.chains.input, inputRules);
  }

  /** Hooks `chain` at the top of a built-in chain, unless it is hooked already. */
  private hook(table: SavedTable | undefined, script: RestoreScript, builtin: string, chain: string): void {
    if (!table?.get(builtin)?.includes(`-j ${chain}`)) script.command(`-I ${builtin} 1 -j ${chain}`);
  }

  /**
   * For each family: reads the tables, plans the change on what is there, applies it in one
   * transaction. Another writer (another driver's teardown, a container runtime) may change the
   * tables between the reading and the writing, failing the transaction: then it plans again on
   * what is there now.
   */
  private async apply(
    plan: (saved: Map<string, SavedTable>, family: Family, text: string) => RestoreScript[],
  ): Promise<void> {
    for (const family of families) {
      for (let attempt = 1; ; attempt++) {
        const { stdout } = await this.runner.run([family.save]);
        try {
          await this.restore(family, ...plan(parseIptablesSave(stdout), family, stdout));
          break;
        } catch (error) {
          if (!(error instanceof CommandFailed) || attempt === maxAttempts) throw error;
        }
      }
    }
  }

  private async restore(family: Family, ...scripts: RestoreScript[]): Promise<void> {
    const input = scripts.filter((script) => !script.empty).join('');
    if (input) await this.runner.run([family.restore, '--noflush'], { input });
  }
}

/** Whether `iptables-save` output shows a built-in chain of a table with policy ACCEPT. */
function acceptsByDefault(save: string, table: string, chain: string): boolean {
  const section = save.split(`*${table}\n`)[1]?.split('\nCOMMIT')[0] ?? '';
  return section.split('\n').some((line) => line.startsWith(`:${chain} ACCEPT `));
}

/** The lowest conntrack zone (from 1) no bridge has. */
function firstFreeZone(zoneOf: Map<string, number>): number {
  const used = new Set(zoneOf.values());
  let zone = 1;
  while (used.has(zone)) zone++;
  return zone;
}
