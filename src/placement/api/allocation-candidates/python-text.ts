/**
 * Python's text forms of values, as they appear inside upstream Placement's error messages:
 * `repr()` of strings and lists, and `pprint.pformat(value, width=72)` of the query-string
 * dictionaries and JSON schemas that jsonschema prints when a query fails validation.
 */

/** A value as Python sees the JSON-like data of a schema or a query string. */
export type PythonValue = string | number | boolean | null | PythonValue[] | { [key: string]: PythonValue };

const WIDTH = 72;

/** Python's `repr()` of a string: single quotes unless it holds only `'`, escapes as Python's. */
export function reprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === quote || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0x80 && code < 0xa0) out += `\\x${code.toString(16)}`;
    else out += char;
  }
  return out + quote;
}

/** Python's `repr()` of any value: dictionaries with their keys sorted, as pprint shows them. */
export function repr(value: PythonValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return reprString(value);
  if (Array.isArray(value)) return `[${value.map(repr).join(', ')}]`;
  return `{${sortedEntries(value)
    .map(([key, item]) => `${reprString(key)}: ${repr(item)}`)
    .join(', ')}}`;
}

function sortedEntries(value: { [key: string]: PythonValue }): [string, PythonValue][] {
  return Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `pprint.pformat(value, width=72)`: one line when it fits, else one item per line. */
export function pformat(value: PythonValue): string {
  const out: string[] = [];
  format(value, out, 0, 0, 1);
  return out.join('');
}

function format(value: PythonValue, out: string[], indent: number, allowance: number, level: number): void {
  const rep = repr(value);
  if (rep.length <= WIDTH - indent - allowance) out.push(rep);
  else if (typeof value === 'string') formatLongString(value, out, indent, allowance, level);
  else if (Array.isArray(value)) {
    out.push('[');
    formatItems(value, out, indent + 1, allowance + 1, level + 1);
    out.push(']');
  } else if (value !== null && typeof value === 'object') formatDict(value, out, indent, allowance, level);
  else out.push(rep);
}

function formatDict(
  value: { [key: string]: PythonValue },
  out: string[],
  indent: number,
  allowance: number,
  level: number,
): void {
  out.push('{');
  const entries = sortedEntries(value);
  const itemIndent = indent + 1;
  entries.forEach(([key, item], index) => {
    const last = index === entries.length - 1;
    const keyRep = reprString(key);
    out.push(keyRep, ': ');
    format(item, out, itemIndent + keyRep.length + 2, last ? allowance + 1 : 1, level + 1);
    if (!last) out.push(`,\n${' '.repeat(itemIndent)}`);
  });
  out.push('}');
}

function formatItems(
  items: PythonValue[],
  out: string[],
  indent: number,
  allowance: number,
  level: number,
): void {
  items.forEach((item, index) => {
    const last = index === items.length - 1;
    if (index > 0) out.push(`,\n${' '.repeat(indent)}`);
    format(item, out, indent, last ? allowance : 1, level);
  });
}

/** pprint's `_pprint_str`: a string too long for its line is cut after runs of whitespace. */
function formatLongString(
  text: string,
  out: string[],
  indent: number,
  allowance: number,
  level: number,
): void {
  const lines = text.split(/(?<=\n)/);
  if (level === 1) {
    indent += 1;
    allowance += 1;
  }
  let firstWidth = WIDTH - indent;
  const width = firstWidth;
  const chunks: string[] = [];
  lines.forEach((line, lineIndex) => {
    const lastLine = lineIndex === lines.length - 1;
    if (lastLine) firstWidth -= allowance;
    if (reprString(line).length <= firstWidth) {
      chunks.push(reprString(line));
      return;
    }
    const parts = line.match(/\S*\s*/g)!.filter((part) => part !== '');
    let partWidth = width;
    let current = '';
    parts.forEach((part, partIndex) => {
      const candidate = current + part;
      if (partIndex === parts.length - 1 && lastLine) partWidth -= allowance;
      if (reprString(candidate).length > partWidth) {
        if (current) chunks.push(reprString(current));
        current = part;
      } else {
        current = candidate;
      }
    });
    if (current) chunks.push(reprString(current));
  });
  if (chunks.length === 1) {
    out.push(reprString(text));
    return;
  }
  if (level === 1) out.push('(');
  out.push(chunks.join(`\n${' '.repeat(indent)}`));
  if (level === 1) out.push(')');
}
