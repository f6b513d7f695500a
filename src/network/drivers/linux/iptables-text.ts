/** The chains of one table as `iptables-save` prints them: name -> rule specs (the text after `-A <chain> `). */
export type SavedTable = Map<string, string[]>;

/** The tables in the output of `iptables-save` (or `ip6tables-save`), by table name. */
export function parseIptablesSave(text: string): Map<string, SavedTable> {
  const tables = new Map<string, SavedTable>();
  let table: SavedTable | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) {
      table = new Map();
      tables.set(line.slice(1).trim(), table);
    } else if (table && line.startsWith(':')) {
      table.set(line.slice(1).split(' ')[0], []);
    } else if (table && line.startsWith('-A ')) {
      const [, chain, ...rest] = line.split(' ');
      table.get(chain)?.push(rest.join(' '));
    }
  }
  return tables;
}

/**
 * An `iptables-restore --noflush` script for one table: declaring a chain (`:name - [0:0]`)
 * creates it or empties it, and the whole script is one transaction, so a chain is never seen
 * half rewritten.
 */
export class RestoreScript {
  private readonly declarations: string[] = [];
  private readonly lines: string[] = [];

  constructor(readonly table: string) {}

  /** Creates the chain, or empties it, and fills it with `rules`. */
  rewrite(chain: string, rules: string[]): this {
    this.declarations.push(`:${chain} - [0:0]`);
    for (const rule of rules) this.lines.push(`-A ${chain} ${rule}`);
    return this;
  }

  /** A command line of its own (`-I FORWARD 1 ...`, `-D ...`, `-X chain`). */
  command(line: string): this {
    this.lines.push(line);
    return this;
  }

  get empty(): boolean {
    return this.declarations.length === 0 && this.lines.length === 0;
  }

  toString(): string {
    return [`*${this.table}`, ...this.declarations, ...this.lines, 'COMMIT', ''].join('\n');
  }
}

/** Whether a chain holds exactly these rules. */
export function sameRules(table: SavedTable | undefined, chain: string, rules: string[]): boolean {
  const saved = table?.get(chain);
  return saved !== undefined && saved.length === rules.length && saved.every((rule, i) => rule === rules[i]);
}
