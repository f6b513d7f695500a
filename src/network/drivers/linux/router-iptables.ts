import { metadataAddress, type NatRule } from '../router-nat.js';
import { parseIptablesSave, sameRules } from './iptables-text.js';

/** The built-in chains of a router namespace's nat table, each with its rules as iptables-save prints them. */
export type NatChains = Record<'PREROUTING' | 'OUTPUT' | 'POSTROUTING', string[]>;

/** A router's translations as nat table rules (the namespace is the router's alone, so the built-in chains are its). */
export function natChains(rules: NatRule[]): NatChains {
  const chains: NatChains = { PREROUTING: [], OUTPUT: [], POSTROUTING: [] };
  for (const rule of rules) {
    switch (rule.kind) {
      case 'metadata-redirect':
        chains.PREROUTING.push(
          `-d ${metadataAddress}/32 -i qr-+ -p tcp -m tcp --dport 80 -j REDIRECT --to-ports ${rule.toPort}`,
        );
        break;
      case 'floating-dnat':
        chains.PREROUTING.push(`-d ${rule.floatingIp}/32 -j DNAT --to-destination ${rule.fixedIp}`);
        chains.OUTPUT.push(`-d ${rule.floatingIp}/32 -j DNAT --to-destination ${rule.fixedIp}`);
        break;
      case 'internal-no-nat':
        chains.POSTROUTING.push(`! -o ${rule.gatewayInterface} -m conntrack ! --ctstate DNAT -j ACCEPT`);
        break;
      case 'floating-snat':
        chains.POSTROUTING.push(`-s ${rule.fixedIp}/32 -j SNAT --to-source ${rule.floatingIp}`);
        break;
      case 'gateway-snat':
        chains.POSTROUTING.push(`-o ${rule.gatewayInterface} -j SNAT --to-source ${rule.toAddress}`);
        break;
      case 'hairpin-snat':
        for (const source of rule.sources)
          chains.POSTROUTING.push(
            `-s ${source} -m conntrack --ctstate DNAT -j SNAT --to-source ${rule.toAddress}`,
          );
        break;
    }
  }
  return chains;
}

/** Whether the namespace's nat table (`iptables-save` output) holds exactly these chains. */
export function natTableMatches(save: string, chains: NatChains): boolean {
  const table = parseIptablesSave(save).get('nat');
  const wantsNone = Object.values(chains).every((rules) => rules.length === 0);
  if (!table) return wantsNone;
  return (Object.keys(chains) as (keyof NatChains)[]).every((chain) =>
    table.has(chain) ? sameRules(table, chain, chains[chain]) : chains[chain].length === 0,
  );
}

/** An `iptables-restore` script that replaces the whole nat table with these chains. */
export function natRestoreScript(chains: NatChains): string {
  const lines = [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
  ];
  for (const [chain, rules] of Object.entries(chains))
    for (const rule of rules) lines.push(`-A ${chain} ${rule}`);
  return [...lines, 'COMMIT', ''].join('\n');
}
