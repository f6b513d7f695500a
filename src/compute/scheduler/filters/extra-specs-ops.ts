import { pythonFloat } from '../python-float.js';

type Operator = (value: string, operand: string) => boolean;

/** Both as numbers, or false where Python's float() would raise. */
function numeric(compare: (a: number, b: number) => boolean): Operator {
  return (value, operand) => {
    const a = pythonFloat(value);
    const b = pythonFloat(operand);
    return a !== undefined && b !== undefined && compare(a, b);
  };
}

/** Nova's operators; `=` means "at least" (a numeric >=), `s` ones compare strings. */
const OPERATORS: Record<string, Operator> = {
  '=': numeric((a, b) => a >= b),
  '==': numeric((a, b) => a === b),
  '!=': numeric((a, b) => a !== b),
  '>=': numeric((a, b) => a >= b),
  '<=': numeric((a, b) => a <= b),
  '<in>': (value, operand) => value.includes(operand),
  's==': (value, operand) => value === operand,
  's!=': (value, operand) => value !== operand,
  's<': (value, operand) => value < operand,
  's<=': (value, operand) => value <= operand,
  's>': (value, operand) => value > operand,
  's>=': (value, operand) => value >= operand,
};

/**
 * Whether a value (an aggregate's metadata, a host capability) meets a requirement of a flavor's
 * extra spec, as nova/scheduler/filters/extra_specs_ops.py: `<op> operand`, `<or> a <or> b`,
 * `<all-in> a b` (each a substring of the value), or else plain equality.
 */
export function extraSpecMatches(value: string | null | undefined, requirement: string): boolean {
  const words = requirement.split(/\s+/).filter((word) => word !== '');
  const op = words.shift();
  const known = op === '<or>' || op === '<all-in>' || (op !== undefined && op in OPERATORS);
  if (!known) return value === requirement;
  if (value === null || value === undefined) return false;
  if (op === '<or>') {
    // `<or> v1 <or> v2 <or> v3`: the words in odd places are the choices.
    return words.some((word, index) => index % 2 === 0 && word === value);
  }
  if (words.length === 0) return false;
  if (op === '<all-in>') return words.every((word) => value.includes(word));
  return OPERATORS[op!](value, words[0]);
}
