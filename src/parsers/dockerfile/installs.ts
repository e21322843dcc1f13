import type { DeclaredDependency } from '../dependencies';
import { isCommitHash } from '../dependencies';
import { parseRequirements } from '../requirements/parse';
import type { DockerInstruction } from './model';

/**
 * Packages that a Dockerfile `RUN` installs by name: `pip install`, `pip3`, `python -m pip`,
 * `uv pip install`, `npm install|i|add`, `yarn add`, `pnpm add`. Each package keeps its source
 * range inside the instruction (continuations, quotes and comment lines inside the RUN mapped back),
 * so a finding sits on the line that names it and a pin edits just that word. Flags and their values
 * are not packages; `-r` files are manifests of their own; local paths and `$VARIABLES` are skipped.
 */

export interface InstalledPackage {
  tool: 'pip' | 'npm';
  /** As a declared dependency (pin state, constraint, name, range, and a pin edit when one is plain). */
  dependency: DeclaredDependency;
}

export interface RunInstalls {
  packages: InstalledPackage[];
  /** The pip command pins what it installs by other means: `-c`/`--constraint`, `--require-hashes`, uv `--override`/`--exclude-newer`. */
  pinnedBy?: string;
}

interface Token {
  text: string;
  /** Source offset of each character of `text`. */
  offsets: number[];
  /** Whether `text` is the source verbatim apart from surrounding quotes (no escapes, no continuations inside). */
  verbatim: boolean;
  /** A command separator (`&&`, `||`, `;`, `|`, `&`, a newline outside continuations). */
  separator?: boolean;
}

/** Shell words of a RUN instruction's source with their offsets (shell form only). */
export function runTokens(text: string, instruction: DockerInstruction): Token[] {
  const tokens: Token[] = [];
  const end = instruction.end;
  let i = instruction.argumentsStart;
  let current: Token | undefined;
  let quote: string | undefined;
  let lineStart = true;
  const flush = () => {
    if (current) tokens.push(current);
    current = undefined;
  };
  const add = (ch: string, at: number) => {
    current ??= { text: '', offsets: [], verbatim: true };
    current.text += ch;
    current.offsets.push(at);
  };
  while (i < end) {
    const ch = text[i];
    if (lineStart && !quote) {
      // A comment line inside a continued RUN is removed by Docker before the shell sees it.
      let j = i;
      while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] === '#') {
        while (j < end && text[j] !== '\n') j++;
        i = j + 1;
        continue;
      }
      lineStart = false;
    }
    if (ch === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      // A line continuation: the word (if any) goes on, but no longer maps 1:1 onto the source.
      if (current && quote) current.verbatim = false;
      i += text[i + 1] === '\r' ? 3 : 2;
      lineStart = true;
      if (!quote) flush();
      continue;
    }
    if (quote) {
      if (ch === quote) {
        quote = undefined;
      } else if (ch === '\\' && quote === '"' && i + 1 < end) {
        current!.verbatim = false;
        add(text[i + 1], i + 1);
        i += 2;
        continue;
      } else add(ch, i);
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      current ??= { text: '', offsets: [], verbatim: true };
      i++;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      flush();
      i++;
      continue;
    }
    if (ch === '\n' || ch === ';' || ch === '&' || ch === '|') {
      flush();
      tokens.push({ text: ch, offsets: [i], verbatim: true, separator: true });
      i += ch !== '\n' && text[i + 1] === ch ? 2 : 1;
      continue;
    }
    if (ch === '#' && !current) {
      while (i < end && text[i] !== '\n') i++;
      continue;
    }
    if (ch === '\\' && i + 1 < end) {
      add(text[i + 1], i + 1);
      current!.verbatim = false;
      i += 2;
      continue;
    }
    add(ch, i);
    i++;
  }
  flush();
  return tokens;
}

const PIP_OPTIONS_WITH_VALUE = new Set([
  '-r',
  '--requirement',
  '-c',
  '--constraint',
  '-e',
  '--editable',
  '-i',
  '--index-url',
  '--extra-index-url',
  '--index',
  '--default-index',
  '--index-strategy',
  '-f',
  '--find-links',
  '-t',
  '--target',
  '--prefix',
  '--root',
  '--src',
  '--platform',
  '--python-version',
  '--implementation',
  '--abi',
  '--only-binary',
  '--no-binary',
  '--progress-bar',
  '--cache-dir',
  '--upgrade-strategy',
  '--global-option',
  '--install-option',
  '-C',
  '--config-settings',
  '--config-setting',
  '--trusted-host',
  '--proxy',
  '--retries',
  '--timeout',
  '--log',
  '--exists-action',
  '--python',
  '-p',
  '--extra',
  '--keyring-provider',
  '--cert',
  '--client-cert',
  '--report',
  '--root-user-action',
  '--resolution',
  '--prerelease',
  '--link-mode',
  '--torch-backend',
  '--override',
  '--exclude-newer',
  '--build-constraint',
  '--refresh-package',
  '--reinstall-package',
  '--upgrade-package',
  '-P',
]);
const PIP_PINNING_OPTIONS = new Set(['-c', '--constraint', '--require-hashes', '--override', '--exclude-newer']);
const NPM_OPTIONS_WITH_VALUE = new Set([
  '--prefix',
  '--registry',
  '--loglevel',
  '--cache',
  '--tag',
  '-w',
  '--workspace',
  '--omit',
  '--include',
  '--install-strategy',
  '--userconfig',
]);

/** What one RUN instruction installs by name (shell form; exec form too, without pin edits). */
export function runInstalls(text: string, instruction: DockerInstruction): RunInstalls {
  const result: RunInstalls = { packages: [] };
  const execForm = instruction.argumentText.trim().startsWith('[');
  const tokens: Token[] = execForm ? execTokens(text, instruction) : runTokens(text, instruction);
  let segment: Token[] = [];
  const segments: Token[][] = [];
  for (const token of tokens) {
    if (token.separator) {
      if (segment.length) segments.push(segment);
      segment = [];
    } else segment.push(token);
  }
  if (segment.length) segments.push(segment);
  for (const words of segments) {
    const texts = words.map((word) => word.text);
    const program = (at: number) => (texts[at] ?? '').replace(/^.*\//, '');
    for (let at = 0; at < texts.length; at++) {
      let args: number | undefined;
      let tool: 'pip' | 'npm' | undefined;
      // `pip --no-cache-dir install x`: global options may precede the subcommand.
      const subcommand = (from: number) => {
        let i = from;
        while (i < texts.length && texts[i].startsWith('-')) i++;
        return i;
      };
      const pipAt = /^pip(3(\.\d+)?)?$/.test(program(at))
        ? at + 1
        : /^python(3(\.\d+)?)?$/.test(program(at)) && texts[at + 1] === '-m' && texts[at + 2] === 'pip'
          ? at + 3
          : program(at) === 'uv' && texts[at + 1] === 'pip'
            ? at + 2
            : undefined;
      if (pipAt !== undefined && texts[subcommand(pipAt)] === 'install') [args, tool] = [subcommand(pipAt) + 1, 'pip'];
      else if (program(at) === 'npm' && /^(install|i|add)$/.test(texts[subcommand(at + 1)] ?? ''))
        [args, tool] = [subcommand(at + 1) + 1, 'npm'];
      else if (program(at) === 'yarn' && texts[at + 1] === 'add') [args, tool] = [at + 2, 'npm'];
      else if (program(at) === 'yarn' && texts[at + 1] === 'global' && texts[at + 2] === 'add') [args, tool] = [at + 3, 'npm'];
      else if (program(at) === 'pnpm' && texts[at + 1] === 'add') [args, tool] = [at + 2, 'npm'];
      if (args === undefined || !tool) continue;
      const packages: InstalledPackage[] = [];
      let pinnedBy: string | undefined;
      for (let i = args; i < texts.length; i++) {
        const word = texts[i];
        if (word.startsWith('-')) {
          const flag = word.split('=')[0];
          if (tool === 'pip' && PIP_PINNING_OPTIONS.has(flag)) pinnedBy ??= flag;
          const takesValue = tool === 'pip' ? PIP_OPTIONS_WITH_VALUE.has(word) : NPM_OPTIONS_WITH_VALUE.has(word);
          if (takesValue) i++;
          continue;
        }
        const dependency = tool === 'pip' ? pipPackage(words[i]) : npmPackage(words[i]);
        if (dependency) packages.push({ tool, dependency });
      }
      if (pinnedBy) result.pinnedBy ??= pinnedBy;
      else result.packages.push(...packages);
      break;
    }
  }
  return result;
}

/** Exec form `RUN ["pip", "install", "x"]`: words located by searching the instruction's text. */
function execTokens(text: string, instruction: DockerInstruction): Token[] {
  let cursor = instruction.argumentsStart;
  return instruction.words.map((word) => {
    const quoted = JSON.stringify(word);
    const found = text.indexOf(quoted, cursor);
    const start = found >= 0 && found < instruction.end ? found + 1 : instruction.start;
    if (found >= 0) cursor = found + quoted.length;
    return { text: word, offsets: [...word].map((_, i) => start + i), verbatim: found >= 0 && quoted.length === word.length + 2 };
  });
}

function isLocal(word: string): boolean {
  return /^(\.{1,2}([\\/]|$)|[\\/]|~|file:)/.test(word) || /\.(whl|tar\.gz|zip|tgz)$/i.test(word) || word.includes('*');
}

function range(token: Token): { start: number; end: number } {
  return { start: token.offsets[0], end: token.offsets[token.offsets.length - 1] + 1 };
}

function pipPackage(token: Token): DeclaredDependency | undefined {
  const word = token.text;
  if (!word || word.includes('$') || isLocal(word)) return undefined;
  const parsed = parseRequirements(word).dependencies[0];
  if (!parsed) return undefined;
  const { start, end } = range(token);
  const pinEdit = parsed.pinEdit;
  return {
    ...parsed,
    start,
    end,
    pinEdit:
      token.verbatim && pinEdit
        ? (version: string) => {
            const edit = pinEdit(version);
            return {
              start: token.offsets[edit.start] ?? end,
              end: edit.end >= token.offsets.length ? end : token.offsets[edit.end],
              text: edit.text,
            };
          }
        : undefined,
  };
}

function npmPackage(token: Token): DeclaredDependency | undefined {
  const word = token.text;
  if (!word || word.includes('$') || isLocal(word) || /^https?:/.test(word)) return undefined;
  const { start, end } = range(token);
  const base = { ecosystem: 'npm' as const, start, end };
  if (/^(git(\+[a-z]+)?:|github:|gitlab:|bitbucket:)/.test(word) || /^[\w.-]+\/[\w.-]+(#.*)?$/.test(word)) {
    const ref = word.includes('#') ? word.slice(word.indexOf('#') + 1) : undefined;
    return {
      ...base,
      name: word,
      pin: isCommitHash(ref) ? 'fixed-source' : 'vcs-unpinned',
      constraint: ref ? `git ref ${ref}` : 'git without a commit',
    };
  }
  const at = word.indexOf('@', word.startsWith('@') ? 1 : 0);
  const name = at < 0 ? word : word.slice(0, at);
  const spec = at < 0 ? '' : word.slice(at + 1);
  if (!/^(@[\w.-]+\/)?[\w.-]+$/.test(name)) return undefined;
  const exact = /^=?v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(spec);
  return {
    ...base,
    name,
    pin: exact ? 'exact' : 'loose',
    constraint: spec || 'no version',
    pinEdit: token.verbatim ? (version: string) => ({ start, end, text: `${name}@${version}` }) : undefined,
  };
}
