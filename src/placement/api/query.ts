import type { FastifyRequest } from 'fastify';
import type { Microversion } from '../../common/http/microversion.js';
import { badRequest } from '../errors.js';
import { isUuidLike } from '../uuid.js';

/**
 * Query-string readers shared by GET /resource_providers and GET /allocation_candidates, with
 * upstream's rules and messages (placement/util.py). Parameters may repeat (`member_of`,
 * `required`), so they are read from the raw query string.
 */
export function queryParams(request: FastifyRequest): URLSearchParams {
  const at = request.url.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : request.url.slice(at + 1));
}

/** Each parameter's last value, as webob's `dict(req.GET)` gives schema validation. */
export function lastValues(params: URLSearchParams): Record<string, string> {
  return Object.fromEntries(params.entries());
}

const RESOURCES_FORM =
  'Badly formed resources parameter. Expected resources query string parameter in form: ?resources=VCPU:2,MEMORY_MB:1024.';

/** `VCPU:2,MEMORY_MB:1024` as amounts by class name. */
export function parseResources(value: string): Map<string, number> {
  if (value.trim() === '') throw badRequest(`${RESOURCES_FORM} Got: empty string.`);
  const amounts = new Map<string, number>();
  for (const part of value.split(',')) {
    const pieces = part.split(':');
    if (pieces.length !== 2) throw badRequest(`${RESOURCES_FORM} Got: ${part}.`);
    const [name, text] = pieces;
    if (!/^\s*[+-]?\d+\s*$/.test(text)) {
      throw badRequest(`Requested resource ${name} expected positive integer amount. Got: ${text}.`);
    }
    const amount = Number(text);
    if (amount < 1) throw badRequest(`Requested resource ${name} requires amount >= 1. Got: ${amount}.`);
    amounts.set(name, amount);
  }
  return amounts;
}

/** Required traits as AND-ed groups of OR-ed names, and forbidden names. */
export interface TraitQuery {
  required: string[][];
  forbidden: string[];
}

/** One `required` value: `A,!B` (forbidden from 1.22) or `in:A,B` (any of, from 1.39). */
export function parseTraitValue(value: string, version: Microversion): TraitQuery {
  const allowForbidden = version.atLeast('1.22');
  if (value.startsWith('in:')) {
    if (!version.atLeast('1.39')) {
      throw badRequest(
        `Invalid query string parameters: The format 'in:HW_CPU_X86_VMX,CUSTOM_MAGIC' only supported since microversion 1.39. Got: ${value}`,
      );
    }
    const anyOf = [
      ...new Set(
        value
          .slice(3)
          .split(',')
          .map((name) => name.trim()),
      ),
    ];
    if (anyOf.some((name) => name === '')) {
      throw badRequest(
        `Invalid query string parameters: Expected 'required' parameter value of the form: in:HW_CPU_X86_VMX,CUSTOM_MAGIC. Got an empty trait in: ${value}`,
      );
    }
    if (anyOf.some((name) => name.startsWith('!'))) {
      throw badRequest(
        `Invalid query string parameters: The format 'in:HW_CPU_X86_VMX,CUSTOM_MAGIC' does not support forbidden traits. Got: ${value}`,
      );
    }
    return { required: [anyOf], forbidden: [] };
  }
  const names = value.split(',').map((name) => name.trim());
  // Upstream strips any number of leading '!' (a known quirk kept until a microversion fixes it).
  const forbidden = [
    ...new Set(names.filter((name) => name.startsWith('!')).map((name) => name.replace(/^!+/, ''))),
  ];
  if ([...names, ...forbidden].some((name) => name === '')) {
    const form = allowForbidden ? 'HW_CPU_X86_VMX,!CUSTOM_MAGIC' : 'HW_CPU_X86_VMX,CUSTOM_MAGIC';
    throw badRequest(
      `Invalid query string parameters: Expected 'required' parameter value of the form: ${form}. Got an empty trait in: ${value}`,
    );
  }
  if (forbidden.length > 0 && !allowForbidden) {
    throw badRequest(
      `Invalid query string parameters: Expected 'required' parameter value of the form: HW_CPU_X86_VMX,CUSTOM_MAGIC. Got: ${value}`,
    );
  }
  return { required: names.filter((name) => !name.startsWith('!')).map((name) => [name]), forbidden };
}

/** Every `required<suffix>` value; before 1.39 only the last one counts, as upstream. */
export function parseTraits(params: URLSearchParams, version: Microversion, suffix = ''): TraitQuery {
  let values = params.getAll(`required${suffix}`);
  if (!version.atLeast('1.39')) values = values.slice(-1);
  const result: TraitQuery = { required: [], forbidden: [] };
  for (const value of values) {
    const parsed = parseTraitValue(value, version);
    result.required.push(...parsed.required);
    result.forbidden = [...new Set([...result.forbidden, ...parsed.forbidden])];
  }
  return result;
}

/** Aggregates a provider must be in (AND of OR-groups) and must not be in. */
export interface AggregateQuery {
  required: string[][];
  forbidden: string[];
}

/** One `member_of` value: a uuid, `in:a,b`, `!a` or `!in:a,b`. */
export function parseMemberOfValue(value: string): AggregateQuery {
  if (value.includes(',') && !value.startsWith('in:') && !value.startsWith('!in:')) {
    throw badRequest(
      `Multiple values for 'member_of' must be prefixed with the 'in:' or '!in:' keyword using the valid microversion. Got: ${value}`,
    );
  }
  let required: string[] = [];
  let forbidden: string[] = [];
  if (value.startsWith('!in:')) forbidden = value.slice(4).split(',');
  else if (value.startsWith('!')) forbidden = [value.slice(1)];
  else if (value.startsWith('in:')) required = value.slice(3).split(',');
  else required = [value];
  for (const uuid of [...required, ...forbidden]) {
    if (!isUuidLike(uuid)) {
      throw badRequest(
        `Invalid query string parameters: Expected 'member_of' parameter to contain valid UUID(s). Got: ${uuid}`,
      );
    }
  }
  return {
    required: required.length > 0 ? [[...new Set(required)]] : [],
    forbidden: [...new Set(forbidden)],
  };
}

/** Every `member_of<suffix>`: several from 1.24, forbidden ones from 1.32. */
export function parseMemberOf(params: URLSearchParams, version: Microversion, suffix = ''): AggregateQuery {
  const values = params.getAll(`member_of${suffix}`);
  if (!version.atLeast('1.24') && values.length > 1) {
    throw badRequest(`Multiple member_of${suffix} parameters are not supported`);
  }
  const result: AggregateQuery = { required: [], forbidden: [] };
  for (const value of values) {
    const parsed = parseMemberOfValue(value);
    result.required.push(...parsed.required);
    if (parsed.forbidden.length > 0) {
      if (!version.atLeast('1.32')) {
        throw badRequest(
          `Forbidden member_of${suffix} parameters are not supported in the specified microversion`,
        );
      }
      result.forbidden = [...new Set([...result.forbidden, ...parsed.forbidden])];
    }
  }
  return result;
}
