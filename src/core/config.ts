import * as fs from 'fs';
import * as path from 'path';
import picomatch from 'picomatch';
import { parseDocument } from 'yaml';
import { LineIndex } from './text';
import { DEFAULT_RULE_OPTIONS, type RuleOptions, type SeveritySetting } from './types';

export const CONFIG_FILE_NAME = '.prodready.yaml';
const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'info', 'warning', 'error'];
const TOP_LEVEL_KEYS = ['rules', 'exclude', 'defaultTimeoutSeconds', 'llmTimeoutSeconds'] as const;

/** A `.prodready.yaml` that cannot be used: the message names the file, the key and what is wrong. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface ProjectConfig {
  /** Absolute path of the file it came from; undefined for the built-in defaults. */
  file?: string;
  /** The folder exclude globs are relative to. */
  root: string;
  rules: Record<string, SeveritySetting>;
  exclude: string[];
  options: RuleOptions;
}

export function defaultConfig(root: string): ProjectConfig {
  return { root, rules: {}, exclude: [], options: { ...DEFAULT_RULE_OPTIONS } };
}

/**
 * Parses and validates the text of a `.prodready.yaml` against the registered rule ids; throws
 * ConfigError with one clear line.
 */
export function parseConfig(text: string, file: string, ruleIds: readonly string[]): ProjectConfig {
  const config = defaultConfig(path.dirname(file));
  config.file = file;
  const document = parseDocument(text, { prettyErrors: false });
  if (document.errors.length) {
    const error = document.errors[0];
    const position = new LineIndex(text).position(error.pos[0]);
    const where = `:${position.line + 1}:${position.column + 1}`;
    throw new ConfigError(`${file}${where}: invalid YAML: ${error.message.split('\n')[0]}`);
  }
  const data: unknown = document.toJS();
  if (data === null || data === undefined) return config;
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(`${file}: expected a mapping with keys ${TOP_LEVEL_KEYS.join(', ')}`);
  }
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    switch (key) {
      case 'rules':
        config.rules = parseRules(value, file, ruleIds);
        break;
      case 'exclude':
        if (!Array.isArray(value) || value.some((glob) => typeof glob !== 'string')) {
          throw new ConfigError(`${file}: key 'exclude' must be a list of glob strings`);
        }
        config.exclude = value as string[];
        break;
      case 'defaultTimeoutSeconds':
      case 'llmTimeoutSeconds':
        config.options[key] = timeoutSeconds(value, key, file);
        break;
      default:
        throw new ConfigError(`${file}: unknown key '${key}'${suggest(key, TOP_LEVEL_KEYS)}; expected one of ${TOP_LEVEL_KEYS.join(', ')}`);
    }
  }
  return config;
}

/** A timeout setting: a number of seconds above 0 and at most an hour. */
function timeoutSeconds(value: unknown, key: string, file: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 3600) {
    throw new ConfigError(`${file}: key '${key}' must be a number of seconds between 0 and 3600`);
  }
  return value;
}

function parseRules(value: unknown, file: string, ruleIds: readonly string[]): Record<string, SeveritySetting> {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`${file}: key 'rules' must map rule ids to off, info, warning or error`);
  }
  const rules: Record<string, SeveritySetting> = {};
  for (const [id, setting] of Object.entries(value as Record<string, unknown>)) {
    if (!ruleIds.includes(id)) throw new ConfigError(`${file}: unknown rule id 'rules.${id}'${suggest(id, ruleIds)}`);
    // YAML 1.1 habits: `off` may arrive as the boolean false.
    const normalised = setting === false ? 'off' : setting;
    if (typeof normalised !== 'string' || !SEVERITY_SETTINGS.includes(normalised as SeveritySetting)) {
      throw new ConfigError(`${file}: 'rules.${id}' must be one of ${SEVERITY_SETTINGS.join(', ')}, not '${String(setting)}'`);
    }
    rules[id] = normalised as SeveritySetting;
  }
  return rules;
}

/** ` (did you mean 'x'?)` for a near miss, else empty. */
function suggest(input: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(input.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best && bestDistance <= Math.max(2, Math.floor(best.length / 4)) ? ` (did you mean '${best}'?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

export function loadConfigFile(file: string, ruleIds: readonly string[]): ProjectConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseConfig(text, file, ruleIds);
}

/**
 * Finds the nearest `.prodready.yaml` at or above a folder, caching per folder so a workspace
 * scan reads each config once.
 */
export class ConfigResolver {
  private readonly byFolder = new Map<string, ProjectConfig | null>();

  /** `ruleIds`: the registered rules a config may name; `explicit` (the CLI's --config) wins over discovery. */
  constructor(
    private readonly ruleIds: readonly string[],
    private readonly explicit?: ProjectConfig,
  ) {}

  forFile(file: string): ProjectConfig | undefined {
    if (this.explicit) return this.explicit;
    return this.forFolder(path.dirname(path.resolve(file))) ?? undefined;
  }

  private forFolder(folder: string): ProjectConfig | null {
    const cached = this.byFolder.get(folder);
    if (cached !== undefined) return cached;
    const candidate = path.join(folder, CONFIG_FILE_NAME);
    let found: ProjectConfig | null;
    if (fs.existsSync(candidate)) found = loadConfigFile(candidate, this.ruleIds);
    else {
      const parent = path.dirname(folder);
      found = parent === folder ? null : this.forFolder(parent);
    }
    this.byFolder.set(folder, found);
    return found;
  }
}

const matchers = new WeakMap<ProjectConfig, (relative: string) => boolean>();

/** Whether the config's `exclude` globs match the file (globs are relative to the config's folder). */
export function isExcluded(config: ProjectConfig, file: string): boolean {
  if (!config.exclude.length) return false;
  let match = matchers.get(config);
  if (!match) {
    const compiled = picomatch(config.exclude, { dot: true });
    match = (relative: string) => compiled(relative) || compiled(relative + '/');
    matchers.set(config, match);
  }
  const relative = path.relative(config.root, path.resolve(file)).split(path.sep).join('/');
  if (relative.startsWith('..')) return false;
  return match(relative);
}

/**
 * The user's severity for a rule after config (and, in the editor, settings): `off` disables it,
 * undefined keeps the rule's default.
 */
export type RuleSeverities = (ruleId: string) => SeveritySetting | undefined;

export interface RuleSelection {
  select?: string[];
  ignore?: string[];
}

export function severitiesFrom(
  config: ProjectConfig | undefined,
  overrides: Record<string, SeveritySetting> = {},
  selection: RuleSelection = {},
): RuleSeverities {
  return (ruleId: string) => {
    if (selection.select?.length && !selection.select.includes(ruleId)) return 'off';
    if (selection.ignore?.includes(ruleId)) return 'off';
    return overrides[ruleId] ?? config?.rules[ruleId];
  };
}
