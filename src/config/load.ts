/**
 * Resolves the configuration once: defaults ← config file (`lcm.yaml`) ← env (`LCM_*`,
 * `DATABASE_URL`, `PORT`) ← CLI flags; validated with messages that name the bad key.
 * Only this module and `cli/` read `process.env`.
 */
import { readFileSync, existsSync } from 'node:fs';
import { Kind, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { parse as parseYaml } from 'yaml';
import { InvalidError } from '../errors/index.js';
import { assertMatchesSchema } from './schema-errors.js';
import { ConfigSchema, type LcmConfig } from './schema.js';

type Plain = Record<string, unknown>;

export interface LoadConfigOptions {
  /** Environment to read; @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Path of the YAML config file; @default env LCM_CONFIG, else ./lcm.yaml when present */
  configFile?: string;
  /** Highest-precedence overrides (from CLI flags), in the config's own shape. */
  overrides?: Plain;
}

/** One leaf setting: its dotted path, env variable and schema. */
export interface SettingLeaf {
  path: string[];
  envVar: string;
  schema: TSchema;
}

/** Well-known environment names that do not follow the `LCM_` pattern. */
const ENV_ALIASES: Record<string, string> = {
  port: 'PORT',
  databaseUrl: 'DATABASE_URL',
  'auth.adminPassword': 'LCM_ADMIN_PASSWORD',
};

export function listSettings(schema: TSchema = ConfigSchema, prefix: string[] = []): SettingLeaf[] {
  const leaves: SettingLeaf[] = [];
  for (const [key, child] of Object.entries(schema.properties as Record<string, TSchema>)) {
    const path = [...prefix, key];
    if (child[Kind] === 'Object') leaves.push(...listSettings(child, path));
    else leaves.push({ path, envVar: envVarFor(path), schema: child });
  }
  return leaves;
}

function envVarFor(path: string[]): string {
  const alias = ENV_ALIASES[path.join('.')];
  if (alias) return alias;
  const snake = path.map((part) => part.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase());
  return `LCM_${snake.join('_')}`;
}

export function loadConfig(options: LoadConfigOptions = {}): Readonly<LcmConfig> {
  const env = options.env ?? process.env;
  const merged: Plain = {};
  deepMerge(merged, readConfigFile(options.configFile ?? env.LCM_CONFIG));
  deepMerge(merged, readEnv(env));
  deepMerge(merged, options.overrides ?? {});
  const withDefaults = Value.Default(ConfigSchema, merged) as Plain;
  assertMatchesSchema(ConfigSchema, withDefaults, '', 'configuration');
  return deepFreeze(withDefaults as LcmConfig);
}

function readConfigFile(path: string | undefined): Plain {
  const file = path ?? (existsSync('lcm.yaml') ? 'lcm.yaml' : undefined);
  if (!file) return {};
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InvalidError(`configuration file ${file} cannot be read: ${String(error)}`, {
      details: { field: 'configFile' },
      cause: error,
    });
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed))
    throw new InvalidError(`configuration file ${file} must hold a mapping of settings`, {
      details: { field: 'configFile' },
    });
  return parsed as Plain;
}

function readEnv(env: NodeJS.ProcessEnv): Plain {
  const result: Plain = {};
  for (const leaf of listSettings()) {
    const raw = env[leaf.envVar];
    if (raw === undefined || raw === '') continue;
    setPath(result, leaf.path, coerce(raw, leaf.schema));
  }
  return result;
}

/** Env values are strings; numbers and booleans are converted so validation can judge them. */
function coerce(raw: string, schema: TSchema): unknown {
  const kind = schema[Kind];
  if (kind === 'Integer' || kind === 'Number') return raw.trim() === '' ? raw : Number(raw);
  if (kind === 'Boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (kind === 'Array' && (schema.items as TSchema | undefined)?.[Kind] === 'Object')
    return parseJson(raw);
  if (kind === 'Array')
    return raw
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  return raw;
}

/** Lists of objects (e.g. `events.sinks`) come as JSON; unparsable text is left for validation. */
function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function setPath(target: Plain, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Plain;
  node[path[path.length - 1] as string] = value;
}

function deepMerge(target: Plain, source: Plain): void {
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    const existing = target[key];
    if (isPlain(value) && isPlain(existing)) deepMerge(existing, value);
    else target[key] = isPlain(value) ? structuredClone(value) : value;
  }
}

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepFreeze<T>(value: T): T {
  if (isPlain(value)) for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}
