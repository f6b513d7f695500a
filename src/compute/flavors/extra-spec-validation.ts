import { BadRequest } from '../../common/http/errors.js';
import { boolFromString, pythonInt } from '../python-values.js';
import { EXTRA_SPEC_DEFINITIONS, type ExtraSpecDefinition } from './extra-spec-definitions.js';

interface CompiledDefinition {
  definition: ExtraSpecDefinition;
  /** The name pattern with its placeholders replaced, unanchored. */
  namePattern: string;
  name: RegExp;
  value?: RegExp;
}

/** `hw:numa_cpus.{num}` to `^hw:numa_cpus\.(?<num>\d+)$`-like regexes, as Nova builds them (dots unescaped, as upstream). */
function compile(definition: ExtraSpecDefinition): CompiledDefinition {
  let name = definition.name;
  for (const parameter of definition.parameters ?? []) {
    name = name.replace(`{${parameter.name}}`, `(?<${parameter.name}>${parameter.pattern})`);
  }
  const pattern = definition.value.type === 'str' ? definition.value.pattern : undefined;
  return {
    definition,
    namePattern: name,
    name: new RegExp(`^(?:${name})$`),
    ...(pattern === undefined ? {} : { value: new RegExp(`^(?:${pattern})$`) }),
  };
}

const COMPILED = EXTRA_SPEC_DEFINITIONS.map(compile);
const BY_NAME = new Map(COMPILED.map((compiled) => [compiled.definition.name, compiled]));
/** The namespaces Nova recognises: the part before `:` of every name pattern that has one. */
const NAMESPACES = [
  ...new Set(COMPILED.filter((c) => c.namePattern.includes(':')).map((c) => c.namePattern.split(':')[0])),
].map((source) => new RegExp(`^(?:${source})$`));

function invalid(message: string): BadRequest {
  return new BadRequest(`Validation failed; ${message}`);
}

function checkValue(compiled: CompiledDefinition, value: string): void {
  const spec = compiled.definition.value;
  if (spec.type === 'int') {
    const number = pythonInt(value);
    if (number === undefined) throw invalid(`'${value}' is not a valid integer value.`);
    if (spec.max !== undefined && spec.max < number)
      throw invalid(`'${value}' is greater than the max value of '${spec.max}'.`);
    if (spec.min !== undefined && spec.min > number)
      throw invalid(`'${value}' is less than the min value of '${spec.min}'.`);
  } else if (spec.type === 'bool') {
    if (boolFromString(value) === undefined) throw invalid(`'${value}' is not a valid boolean-like value.`);
  } else if (compiled.value) {
    if (!compiled.value.test(value)) throw invalid(`'${value}' is not of the format '${spec.pattern}'.`);
  } else if (spec.enum && !spec.enum.includes(value)) {
    throw invalid(`'${value}' is not one of: ${spec.enum.join(', ')}.`);
  }
}

/**
 * Nova's extra spec validation (2.86 on): a known name must have a valid value; an unknown name
 * in a namespace Nova knows (`hw:foo`) is refused; anything else passes, as upstream.
 */
export function validateExtraSpec(name: string, value: string): void {
  const compiled = BY_NAME.get(name) ?? COMPILED.find((candidate) => candidate.name.test(name));
  if (compiled) return checkValue(compiled, value);
  if (!name.includes(':')) return;
  const namespace = name.split(':', 1)[0];
  if (NAMESPACES.some((pattern) => pattern.test(namespace))) {
    throw invalid(`extra spec '${name}' does not appear to be a valid extra spec.`);
  }
}
