/** The texts oslo's `bool_from_string` takes as true; anything else is false. */
const TRUE_WORDS = ['1', 't', 'true', 'on', 'y', 'yes'];

const isTrue = (value: unknown) => TRUE_WORDS.includes(String(value).trim().toLowerCase());

/** Python's `float()` of a capability or a requirement; NaN (no match) when it is no number. */
function number(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return Number.NaN;
  return Number(value);
}

const text = (value: unknown) => (typeof value === 'string' ? value : String(value));

/** Cinder's extra_specs_ops: `<op> <value>` requirements against a capability. */
const OPERATORS: Record<string, (capability: unknown, wanted: string) => boolean> = {
  '=': (capability, wanted) => number(capability) >= number(wanted),
  '<in>': (capability, wanted) => text(capability).includes(wanted),
  '<is>': (capability, wanted) => isTrue(capability) === isTrue(wanted),
  '==': (capability, wanted) => number(capability) === number(wanted),
  '!=': (capability, wanted) => number(capability) !== number(wanted),
  '>=': (capability, wanted) => number(capability) >= number(wanted),
  '<=': (capability, wanted) => number(capability) <= number(wanted),
  's==': (capability, wanted) => text(capability) === wanted,
  's!=': (capability, wanted) => text(capability) !== wanted,
  's<': (capability, wanted) => text(capability) < wanted,
  's<=': (capability, wanted) => text(capability) <= wanted,
  's>': (capability, wanted) => text(capability) > wanted,
  's>=': (capability, wanted) => text(capability) >= wanted,
};

/**
 * Cinder's `extra_specs_ops.match`: a requirement with an operator (`<is> True`, `>= 10`,
 * `<or> a <or> b`...) is applied to the capability; any other is compared whole (a capability
 * that is no text never equals it, as in Python).
 */
export function matchesRequirement(capability: unknown, requirement: string): boolean {
  const words = requirement.split(/\s+/).filter((word) => word !== '');
  const operator = words.shift();
  if (operator !== '<or>' && (operator === undefined || !Object.hasOwn(OPERATORS, operator)))
    return capability === requirement;
  if (capability === null || capability === undefined) return false;
  if (operator === '<or>') {
    // `<or> v1 <or> v2`: every other word is a choice.
    return words.some((word, index) => index % 2 === 0 && word === capability);
  }
  return words.length > 0 && OPERATORS[operator!](capability, words[0]);
}

/**
 * Cinder's CapabilitiesFilter: each extra spec that is unscoped or scoped `capabilities:` must
 * match the backend's capability of that name. Unlike Cinder, a spec naming a capability the
 * backend does not report is left alone rather than ruling the backend out: Stratus' types carry
 * specs (e.g. `multiattach`) its backends do not report as capabilities.
 */
export function satisfiesExtraSpecs(
  capabilities: Record<string, unknown>,
  extraSpecs: Record<string, string>,
): boolean {
  return Object.entries(extraSpecs).every(([key, requirement]) => {
    const scope = key.split(':');
    if (scope.length > 1 && scope[0] !== 'capabilities') return true;
    const name = scope.at(-1)!;
    if (scope.length > 2 || !Object.hasOwn(capabilities, name)) return true;
    return matchesRequirement(capabilities[name], requirement);
  });
}
