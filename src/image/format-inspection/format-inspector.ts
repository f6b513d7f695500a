import type { FormatProbe } from './format-probe.js';
import { IsoProbe } from './iso-probe.js';
import { MbrProbe } from './mbr-probe.js';
import { QedProbe } from './qed-probe.js';
import { Qcow2Probe } from './qcow2-probe.js';
import { VdiProbe } from './vdi-probe.js';
import { VhdProbe } from './vhd-probe.js';
import { VhdxProbe } from './vhdx-probe.js';
import { VmdkProbe } from './vmdk-probe.js';

/** What the bytes of an image are, found while they streamed past. */
export interface InspectionResult {
  /** The detected format (`raw` when no other matched), or null when the content is ambiguous. */
  format: string | null;
  /** Size of the disk the image holds, in bytes; null when unknown. */
  virtualSize: number | null;
  /** Why the image must not be used (the safety checks it failed, or why detection failed). */
  problems: string[];
}

/**
 * Pairs of formats one image may legitimately match at once, and the one it is: a bootable ISO
 * carries an MBR in its system area; a fixed VHD is a raw disk (often partitioned) plus a footer.
 */
const LEGITIMATE_OVERLAPS: Array<{ formats: [string, string]; winner: string }> = [
  { formats: ['gpt', 'iso'], winner: 'iso' },
  { formats: ['gpt', 'vhd'], winner: 'vhd' },
];

/**
 * Detects and measures a disk image while it streams (an upload, an import) in bounded memory:
 * every format's probe sees each chunk and keeps only the header regions it needs. As upstream
 * (oslo.utils' format_inspector), content matching no format is raw, and content matching
 * several is refused, since one header hidden in another is how the image CVEs were exploited.
 */
export class FormatInspector {
  private readonly probes: FormatProbe[] = [
    new Qcow2Probe(),
    new VmdkProbe(),
    new VhdProbe(),
    new VhdxProbe(),
    new VdiProbe(),
    new IsoProbe(),
    new QedProbe(),
    new MbrProbe(),
  ];
  private position = 0;
  private result: InspectionResult | null = null;

  /** Presents the next chunk of the stream. */
  push(chunk: Buffer): void {
    if (this.result) throw new Error('the format inspector has finished; it takes no more data');
    if (chunk.length === 0) return;
    for (const probe of this.probes) if (!probe.done) probe.feed(chunk, this.position);
    this.position += chunk.length;
  }

  /** The stream has ended: what it was. Further calls give the same answer. */
  finish(): InspectionResult {
    this.result ??= this.decide();
    return this.result;
  }

  private decide(): InspectionResult {
    const matches = this.probes.flatMap((probe) => {
      const verdict = probe.finish(this.position);
      return verdict ? [{ format: probe.name, ...verdict }] : [];
    });
    if (matches.length === 0) return { format: 'raw', virtualSize: this.position, problems: [] };
    if (matches.length === 1) return matches[0];
    const names = matches.map((match) => match.format).sort();
    const overlap = LEGITIMATE_OVERLAPS.find(
      ({ formats }) => names.length === 2 && formats[0] === names[0] && formats[1] === names[1],
    );
    const winner = overlap && matches.find((match) => match.format === overlap.winner);
    if (winner) return winner;
    return { format: null, virtualSize: null, problems: [`Multiple formats detected: ${names.join(',')}`] };
  }
}
