const FLOAT = /^[+-]?((\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?|inf(inity)?|nan)$/i;

/**
 * A number as Python's float() reads text, or undefined where float() raises (Nova's extra spec
 * operators and multiplier overrides convert with it): surrounding whitespace is allowed, an
 * empty string or hex is not.
 */
export function pythonFloat(text: string): number | undefined {
  const trimmed = text.trim();
  if (!FLOAT.test(trimmed)) return undefined;
  const lower = trimmed.toLowerCase().replace(/^[+]/, '');
  if (lower.endsWith('nan')) return NaN;
  if (lower.endsWith('inf') || lower.endsWith('infinity'))
    return lower.startsWith('-') ? -Infinity : Infinity;
  return Number(trimmed);
}
