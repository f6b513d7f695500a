import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where a Debian release's packages and its security updates come from. */
export interface DebianMirrors {
  archive: string;
  security: string;
}

export const PUBLIC_DEBIAN_MIRRORS: DebianMirrors = {
  archive: 'http://deb.debian.org/debian',
  security: 'http://deb.debian.org/debian-security',
};

/** One `deb` source of apt: a mirror and the suites taken from it. */
export interface AptSource {
  uri: string;
  suites: string[];
}

/** The `deb` lines of a one-line-style file (`deb [options] uri suite components...`). */
function oneLineSources(text: string): AptSource[] {
  const sources: AptSource[] = [];
  for (const raw of text.split('\n')) {
    const line = raw
      .replace(/#.*/, '')
      .replace(/\[[^\]]*\]/, ' ')
      .trim();
    const [type, uri, suite] = line.split(/\s+/);
    if (type === 'deb' && uri !== undefined && suite !== undefined) sources.push({ uri, suites: [suite] });
  }
  return sources;
}

/** The enabled `deb` paragraphs of a deb822-style file (`Types:`, `URIs:`, `Suites:`). */
function deb822Sources(text: string): AptSource[] {
  const sources: AptSource[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string[]>();
    for (const line of paragraph.split('\n')) {
      const match = /^([A-Za-z-]+):\s*(.*)$/.exec(line.replace(/#.*/, '').trimEnd());
      if (match) fields.set(match[1].toLowerCase(), match[2].split(/\s+/).filter(Boolean));
    }
    if (!fields.get('types')?.includes('deb') || fields.get('enabled')?.[0] === 'no') continue;
    const suites = fields.get('suites') ?? [];
    for (const uri of fields.get('uris') ?? []) sources.push({ uri, suites });
  }
  return sources;
}

/** The sources of an apt file, by its style: `.sources` is deb822, anything else one-line. */
export function aptSources(fileName: string, text: string): AptSource[] {
  return fileName.endsWith('.sources') ? deb822Sources(text) : oneLineSources(text);
}

/**
 * The mirrors of `suite` among apt's sources: the first that serves the suite itself and the
 * first that serves `<suite>-security`; Debian's public ones for what the sources lack.
 */
export function debianMirrorsOf(sources: readonly AptSource[], suite: string): DebianMirrors {
  const serving = (name: string) =>
    sources.find((source) => source.suites.includes(name))?.uri.replace(/\/+$/, '');
  return {
    archive: serving(suite) ?? PUBLIC_DEBIAN_MIRRORS.archive,
    security: serving(`${suite}-security`) ?? PUBLIC_DEBIAN_MIRRORS.security,
  };
}

/** The mirrors this machine's apt uses for `suite` (a local or proxied mirror is likely the fastest). */
export async function hostDebianMirrors(suite: string, aptDir = '/etc/apt'): Promise<DebianMirrors> {
  const files = [join(aptDir, 'sources.list')];
  const listDir = join(aptDir, 'sources.list.d');
  const listed = await readdir(listDir).catch(() => [] as string[]);
  for (const name of listed.sort())
    if (name.endsWith('.list') || name.endsWith('.sources')) files.push(join(listDir, name));
  const sources: AptSource[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => '');
    sources.push(...aptSources(file, text));
  }
  return debianMirrorsOf(sources, suite);
}
