/**
 * Python's `repr` and `pprint.pformat` of JSON values. Glance's, Nova's and Placement's 400
 * answers quote the jsonschema error of the request, which prints the failing schema and value
 * the Python way (`'foo' is not one of [None, 'ami', ...]`); these reproduce that text.
 */

/** A JSON value as parsed from a request body. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

function reprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '\\' || char === quote) out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code <= 0xa0)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16)}`;
    else out += char;
  }
  return out + quote;
}

function reprNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(value).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Python's repr of a JSON value; `sortKeys` as pprint shows dicts (its repr keeps their order). */
export function pythonRepr(value: JsonValue | undefined, sortKeys = false): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return reprNumber(value);
  if (typeof value === 'string') return reprString(value);
  if (Array.isArray(value)) return `[${value.map((item) => pythonRepr(item, sortKeys)).join(', ')}]`;
  const entries = dictItems(value, sortKeys);
  return `{${entries.map(([key, item]) => `${reprString(key)}: ${pythonRepr(item, sortKeys)}`).join(', ')}}`;
}

function dictItems(value: { [key: string]: JsonValue }, sortKeys: boolean): Array<[string, JsonValue]> {
  const entries = Object.entries(value);
  return sortKeys ? entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : entries;
}

/**
 * `pprint.pformat(value, width)` as Python 3.11 writes it: one line when it fits, otherwise dicts
 * (keys sorted) and lists one item per line, long strings cut at spaces into adjacent literals.
 */
export function pythonPformat(value: JsonValue, width = 80): string {
  const out: string[] = [];
  format(value, out, 0, 0, 0, width);
  return out.join('');
}

function format(
  value: JsonValue,
  out: string[],
  indent: number,
  allowance: number,
  level: number,
  width: number,
): void {
  const rep = pythonRepr(value, true);
  if (rep.length > width - indent - allowance) {
    if (Array.isArray(value)) return formatList(value, out, indent, allowance, level + 1, width);
    if (value !== null && typeof value === 'object')
      return formatDict(value, out, indent, allowance, level + 1, width);
    if (typeof value === 'string') return formatString(value, out, indent, allowance, level + 1, width);
  }
  out.push(rep);
}

function formatDict(
  value: { [key: string]: JsonValue },
  out: string[],
  indent: number,
  allowance: number,
  level: number,
  width: number,
): void {
  out.push('{');
  const items = dictItems(value, true);
  const inner = indent + 1;
  items.forEach(([key, item], i) => {
    const last = i === items.length - 1;
    const keyRep = reprString(key);
    out.push(keyRep, ': ');
    format(item, out, inner + keyRep.length + 2, last ? allowance + 1 : 1, level, width);
    if (!last) out.push(`,\n${' '.repeat(inner)}`);
  });
  out.push('}');
}

function formatList(
  value: JsonValue[],
  out: string[],
  indent: number,
  allowance: number,
  level: number,
  width: number,
): void {
  out.push('[');
  const inner = indent + 1;
  value.forEach((item, i) => {
    const last = i === value.length - 1;
    if (i > 0) out.push(`,\n${' '.repeat(inner)}`);
    format(item, out, inner, last ? allowance + 1 : 1, level, width);
  });
  out.push(']');
}

function formatString(
  text: string,
  out: string[],
  indent: number,
  allowance: number,
  level: number,
  width: number,
): void {
  if (level === 1) {
    indent += 1;
    allowance += 1;
  }
  const chunks: string[] = [];
  const lines = text.match(/[^\n\r]*(?:\r\n|\n|\r)|[^\n\r]+$/g) ?? [text];
  let widthOfLast = width - indent;
  lines.forEach((line, i) => {
    const lastLine = i === lines.length - 1;
    if (lastLine) widthOfLast -= allowance;
    const rep = reprString(line);
    if (rep.length <= (lastLine ? widthOfLast : width - indent)) {
      chunks.push(rep);
      return;
    }
    const parts = line.match(/\S*\s*/g)!.filter((part) => part !== '');
    let limit = width - indent;
    let current = '';
    parts.forEach((part, j) => {
      if (j === parts.length - 1 && lastLine) limit -= allowance;
      const candidate = current + part;
      if (reprString(candidate).length > limit) {
        if (current) chunks.push(reprString(current));
        current = part;
      } else current = candidate;
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
