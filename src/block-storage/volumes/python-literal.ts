/** A value Python's `ast.literal_eval` can make from text: what Cinder's list filters turn into. */
export type PythonLiteral =
  string | number | boolean | null | PythonLiteral[] | { [key: string]: PythonLiteral };

class NotALiteral extends Error {}

/**
 * Python's `ast.literal_eval` for the literals that appear in query strings: strings in single
 * or double quotes, numbers, True/False/None, lists, tuples and dicts. Cinder evaluates each list
 * filter value this way and keeps the text when it is not a literal; so does this (undefined).
 */
export function literalEval(text: string): PythonLiteral | undefined {
  let at = 0;
  const skip = () => {
    while (at < text.length && /\s/.test(text[at])) at++;
  };
  const expect = (char: string) => {
    skip();
    if (text[at] !== char) throw new NotALiteral();
    at++;
  };
  const value = (): PythonLiteral => {
    skip();
    const char = text[at];
    if (char === "'" || char === '"') return quoted(char);
    if (char === '[' || char === '(') return sequence(char === '[' ? ']' : ')');
    if (char === '{') return dict();
    const word = /^(True|False|None)\b/.exec(text.slice(at));
    if (word) {
      at += word[0].length;
      return word[0] === 'None' ? null : word[0] === 'True';
    }
    const number = /^[+-]?(\d+\.?\d*(e[+-]?\d+)?|\.\d+)/i.exec(text.slice(at));
    if (number) {
      at += number[0].length;
      return Number(number[0]);
    }
    throw new NotALiteral();
  };
  const quoted = (quote: string): string => {
    let out = '';
    at++;
    while (at < text.length && text[at] !== quote) {
      if (text[at] === '\\' && at + 1 < text.length) at++;
      out += text[at++];
    }
    if (text[at] !== quote) throw new NotALiteral();
    at++;
    return out;
  };
  const sequence = (close: string): PythonLiteral[] => {
    const items: PythonLiteral[] = [];
    at++;
    skip();
    while (text[at] !== close) {
      items.push(value());
      skip();
      if (text[at] === ',') at++;
      else if (text[at] !== close) throw new NotALiteral();
      skip();
    }
    at++;
    return items;
  };
  const dict = (): { [key: string]: PythonLiteral } => {
    const entries: { [key: string]: PythonLiteral } = {};
    at++;
    skip();
    while (text[at] !== '}') {
      const key = value();
      expect(':');
      entries[String(key)] = value();
      skip();
      if (text[at] === ',') at++;
      else if (text[at] !== '}') throw new NotALiteral();
      skip();
    }
    at++;
    return entries;
  };
  try {
    const result = value();
    skip();
    return at === text.length ? result : undefined;
  } catch (error) {
    if (error instanceof NotALiteral) return undefined;
    throw error;
  }
}
