import type { Severity } from '../core/types';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'markdown';
export type FailOn = Severity | 'never';

export interface CheckArguments {
  command: 'check';
  paths: string[];
  format: OutputFormat;
  failOn: FailOn;
  fix: boolean;
  select: string[];
  ignore: string[];
  config?: string;
  stdinFilename?: string;
  /** Leave out files `.gitignore` ignores (default true; `--no-respect-gitignore`). */
  respectGitignore: boolean;
}

export interface RulesArguments {
  command: 'rules';
  format: 'text' | 'json';
}

export interface DeploymentsArguments {
  command: 'deployments';
  paths: string[];
  format: 'text' | 'json';
}

export type ParsedArguments = CheckArguments | RulesArguments | DeploymentsArguments | { command: 'help' } | { command: 'version' };

export class UsageError extends Error {}

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'markdown'];
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'never'];

export const HELP = `prodready — production-readiness checks for ML serving code

Usage:
  prodready check [PATH ...]          analyse files and folders (default: .)
      --format text|json|sarif|markdown   output format (default text)
      --fail-on error|warning|info|never  exit 1 when a finding at or above this severity exists (default warning)
      --fix                                apply every safe fix in place, then report what is left
      --select ID[,ID]                     run only these rules
      --ignore ID[,ID]                     do not run these rules
      --config FILE                        use this config instead of the nearest .prodready.yaml
      --stdin-filename NAME                read one file's text from standard input, analysed as NAME
      --no-respect-gitignore               also analyse files that .gitignore or .git/info/exclude ignore
                                           (by default they are left out; files named as PATH are always analysed)
  prodready rules [--format text|json]    the rule catalogue
  prodready deployments [PATH ...] [--format text|json]
                                      what ships, per project: targets, entry modules, deployed
                                      files, installed manifests, port, health route, GPU
  prodready --version | --help

Exit status: 0 nothing at or above --fail-on; 1 findings at or above it; 2 bad usage,
unreadable config, or a path that does not exist.
`;

/** Parses argv (without node and script); throws UsageError with a one-line reason. */
export function parseArguments(argv: string[]): ParsedArguments {
  if (argv.includes('--help') || argv.includes('-h')) return { command: 'help' };
  if (argv.includes('--version') || argv.includes('-V')) return { command: 'version' };
  const [command, ...rest] = argv;
  if (command === undefined) return { command: 'help' };
  if (command === 'rules') {
    const options = readOptions(rest, new Set(['--format']), new Set());
    if (options.positional.length) throw new UsageError(`unexpected argument '${options.positional[0]}' for 'rules'`);
    const format = options.values.get('--format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format for 'rules' must be text or json, not '${format}'`);
    return { command: 'rules', format };
  }
  if (command === 'deployments') {
    const options = readOptions(rest, new Set(['--format']), new Set());
    const format = options.values.get('--format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format for 'deployments' must be text or json, not '${format}'`);
    return { command: 'deployments', paths: options.positional.length ? options.positional : ['.'], format };
  }
  if (command !== 'check') throw new UsageError(`unknown command '${command}' (expected check, rules or deployments; see --help)`);
  const options = readOptions(
    rest,
    new Set(['--format', '--fail-on', '--select', '--ignore', '--config', '--stdin-filename']),
    new Set(['--fix', '--no-respect-gitignore']),
  );
  const format = (options.values.get('--format') ?? 'text') as OutputFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${format}'`);
  const failOn = (options.values.get('--fail-on') ?? 'warning') as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}, not '${failOn}'`);
  const list = (name: string) =>
    (options.values.get(name) ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
  const stdinFilename = options.values.get('--stdin-filename');
  if (stdinFilename !== undefined && options.positional.length) {
    throw new UsageError('--stdin-filename reads one file from standard input: give no PATH with it');
  }
  return {
    command: 'check',
    paths: options.positional.length ? options.positional : ['.'],
    format,
    failOn,
    fix: options.flags.has('--fix'),
    select: list('--select'),
    ignore: list('--ignore'),
    config: options.values.get('--config'),
    stdinFilename,
    respectGitignore: !options.flags.has('--no-respect-gitignore'),
  };
}

function readOptions(args: string[], valued: Set<string>, flags: Set<string>) {
  const values = new Map<string, string>();
  const seenFlags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    if (flags.has(name)) {
      if (eq >= 0) throw new UsageError(`${name} takes no value`);
      seenFlags.add(name);
    } else if (valued.has(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`${name} needs a value`);
      const previous = values.get(name);
      values.set(name, (name === '--select' || name === '--ignore') && previous ? `${previous},${value}` : value);
    } else {
      throw new UsageError(`unknown option '${name}' (see --help)`);
    }
  }
  return { values, flags: seenFlags, positional };
}
