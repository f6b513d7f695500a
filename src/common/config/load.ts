import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import YAML from 'yaml';
import { configSchema, defaultConfig, type StratusConfig } from './schema.js';

/** Raised when the configuration cannot be used; the message names the offending key. */
export class ConfigError extends Error {}

export const CONFIG_FILE_NAME = 'stratus.yaml';
const ENV_PREFIX = 'STRATUS_';

/** The data directory: STRATUS_DATA_DIR, else /var/lib/stratus as root, else ~/.local/share/stratus. */
export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  if (env.STRATUS_DATA_DIR) return env.STRATUS_DATA_DIR;
  if (process.getuid?.() === 0) return '/var/lib/stratus';
  return join(env.HOME ?? '.', '.local', 'share', 'stratus');
}

type Tree = Record<string, unknown>;

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(over)) {
    out[key] = isTree(value) && isTree(base[key]) ? merge(base[key] as Tree, value) : value;
  }
  return out;
}

/**
 * `STRATUS_IDENTITY__TOKEN_EXPIRATION=600` sets `identity.token_expiration`: `__` separates
 * levels, names are lower-cased, values are read as YAML scalars so numbers and booleans keep
 * their type. Policy rule names hold colons, which variable names cannot:
 * `STRATUS_POLICY__IDENTITY__LIST_USERS` sets the rule `identity:list_users`. Variables whose
 * first part names no setting (`STRATUS_SKIP_CONFORMANCE`, say) belong to other tools and are
 * left alone; within a known section an unknown name is an error.
 */
function envOverrides(env: NodeJS.ProcessEnv): { tree: Tree; sources: Map<string, string> } {
  const tree: Tree = {};
  const sources = new Map<string, string>();
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || raw === undefined) continue;
    let path = name.slice(ENV_PREFIX.length).toLowerCase().split('__');
    if (!(path[0] in configSchema.properties)) continue;
    if (path[0] === 'policy') path = ['policy', path.slice(1).join(':')];
    let node = tree;
    for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Tree;
    const leaf = path[path.length - 1];
    // data_dir and policy rules are strings by nature; everything else is a YAML scalar.
    node[leaf] = leaf === 'data_dir' || path[0] === 'policy' ? raw : YAML.parse(raw);
    sources.set(path.join('.'), name);
  }
  return { tree, sources };
}

/** Reads `<data_dir>/stratus.yaml`, applies STRATUS_* overrides, and checks the result. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): StratusConfig {
  const dataDir = defaultDataDir(env);
  const file = join(dataDir, CONFIG_FILE_NAME);
  let fromFile: Tree = {};
  if (existsSync(file)) {
    let parsed: unknown;
    try {
      parsed = YAML.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ConfigError(`${file}: not valid YAML: ${(error as Error).message}`);
    }
    if (parsed !== null && parsed !== undefined && !isTree(parsed)) {
      throw new ConfigError(`${file}: must be a mapping of keys to values`);
    }
    fromFile = parsed ?? {};
  }
  const { tree: fromEnv, sources } = envOverrides(env);
  const merged = merge(merge(defaultConfig(dataDir) as unknown as Tree, fromFile), fromEnv);
  merged.data_dir = dataDir;
  return checkConfig(merged, (key) => sources.get(key) ?? `${key} in ${file}`);
}

/** Validates a configuration tree; `describe` turns a dotted key into where it was set. */
export function checkConfig(tree: unknown, describe: (key: string) => string = (k) => k): StratusConfig {
  const ajv = new Ajv({ allErrors: false });
  const validate = ajv.compile(configSchema);
  if (!validate(tree)) {
    const error = validate.errors![0];
    const path = error.instancePath.slice(1).replaceAll('/', '.');
    const key =
      error.keyword === 'additionalProperties'
        ? [path, (error.params as { additionalProperty: string }).additionalProperty]
            .filter(Boolean)
            .join('.')
        : path;
    const reason = error.keyword === 'additionalProperties' ? 'is not a known setting' : error.message;
    throw new ConfigError(`configuration: ${describe(key)} ${reason}`);
  }
  return tree as unknown as StratusConfig;
}

/** The URL clients use to reach the all-in-one API. */
export function publicUrl(config: StratusConfig): string {
  if (config.public_url) return config.public_url.replace(/\/$/, '');
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host}:${config.port}`;
}
