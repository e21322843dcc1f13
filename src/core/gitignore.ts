import * as fs from 'fs';
import * as path from 'path';

/**
 * `.gitignore` matching as git does it (gitignore(5)), without running git: patterns from the
 * repository's `.git/info/exclude` and every `.gitignore` from the repository root down to a
 * path's folder, each relative to the folder of the file it is in; the last matching pattern
 * wins, a deeper file over a shallower one, any `.gitignore` over `info/exclude`.
 *
 * Supported: comments (`#`, `\#`), trailing spaces (unless escaped), negation (`!`, `\!`),
 * directory-only patterns (`dir/`), anchoring (a `/` at the start or in the middle), `*`, `?`,
 * `[a-z]`/`[!a-z]`, and `**` (leading `**\/`, trailing `/**`, `/**\/` in the middle). As in git, a
 * file inside an ignored folder cannot be re-included: the caller walks folders top-down and stops
 * matching below an ignored one. Not read: `core.excludesFile` (the user's global ignores) and
 * `core.ignoreCase`.
 */

export interface GitignoreRule {
  /** Folder the pattern is relative to: `/`-separated, relative to the top folder, '' for the top. */
  base: string;
  negate: boolean;
  directoryOnly: boolean;
  regex: RegExp;
  /** The line as written, for messages and tests. */
  pattern: string;
}

/** Parses the text of one ignore file whose folder is `base` (relative to the top, `/`-separated). */
export function parseGitignore(text: string, base = ''): GitignoreRule[] {
  const rules: GitignoreRule[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const rule = parseLine(rawLine, base);
    if (rule) rules.push(rule);
  }
  return rules;
}

function parseLine(rawLine: string, base: string): GitignoreRule | undefined {
  let line = rawLine;
  if (line === '' || line.startsWith('#')) return undefined;
  // Trailing spaces are dropped unless escaped with a backslash (`\ ` then matches a space).
  line = line.replace(/(?<!\\) +$/, '');
  if (line === '') return undefined;
  let negate = false;
  if (line.startsWith('!')) {
    negate = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
    line = line.slice(1);
  }
  let directoryOnly = false;
  if (line.endsWith('/')) {
    directoryOnly = true;
    line = line.replace(/\/+$/, '');
  }
  if (line === '') return undefined;
  // A separator at the start or in the middle anchors the pattern to its file's folder.
  const anchored = line.includes('/');
  if (line.startsWith('/')) line = line.slice(1);
  const body = translate(anchored ? line : `**/${line}`);
  return { base, negate, directoryOnly, regex: new RegExp(`^${body}$`), pattern: rawLine };
}

/** A gitignore glob (already anchored, no leading or trailing `/`) as a regular expression body. */
function translate(glob: string): string {
  const segments = glob.split('/');
  let out = '';
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '**') {
      if (last) {
        // `a/**`: everything inside a (not a itself); a lone `**`: everything.
        out += index === 0 ? '.*' : '.+';
      } else {
        // `**/` matches zero or more folders.
        out += '(?:[^/]+/)*';
      }
      return;
    }
    out += translateSegment(segment);
    if (!last) out += '/';
  });
  // `a/**` was built as `a/` + `.+`: the slash is already there.
  return out;
}

function translateSegment(segment: string): string {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i];
    if (ch === '\\' && i + 1 < segment.length) {
      out += escapeRegex(segment[++i]);
    } else if (ch === '*') {
      while (segment[i + 1] === '*') i++;
      out += '[^/]*';
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      const klass = characterClass(segment, i);
      if (klass) {
        out += klass.regex;
        i = klass.end;
      } else {
        out += '\\[';
      }
    } else {
      out += escapeRegex(ch);
    }
  }
  return out;
}

/** `[...]` starting at `start`: its regex and the index of its closing `]`, or undefined when unclosed. */
function characterClass(segment: string, start: number): { regex: string; end: number } | undefined {
  let i = start + 1;
  let negated = false;
  if (segment[i] === '!' || segment[i] === '^') {
    negated = true;
    i++;
  }
  let body = '';
  let first = true;
  for (; i < segment.length; i++) {
    const ch = segment[i];
    if (ch === ']' && !first) return { regex: `[${negated ? '^/' : ''}${body}]`, end: i };
    first = false;
    if (ch === '\\' && i + 1 < segment.length) {
      body += escapeClass(segment[++i]);
    } else if (ch === '-' && body !== '' && segment[i + 1] !== ']') {
      body += '-';
    } else {
      body += escapeClass(ch);
    }
  }
  return undefined;
}

const escapeRegex = (ch: string) => ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const escapeClass = (ch: string) => ch.replace(/[\]\\^-]/g, '\\$&');

/**
 * Whether a path is ignored by the rules, last match winning. `relative` is `/`-separated and
 * relative to the top folder; rules whose base is not one of its folders do not apply.
 */
export function isIgnoredBy(rules: readonly GitignoreRule[], relative: string, isDirectory: boolean): boolean {
  for (let i = rules.length - 1; i >= 0; i--) {
    const rule = rules[i];
    if (rule.directoryOnly && !isDirectory) continue;
    let inBase: string;
    if (rule.base === '') inBase = relative;
    else if (relative.startsWith(rule.base + '/')) inBase = relative.slice(rule.base.length + 1);
    else continue;
    if (rule.regex.test(inBase)) return !rule.negate;
  }
  return false;
}

/** The folder holding `.git` (a folder, or a file in worktrees and submodules) at or above `start`. */
export function findGitRoot(start: string): string | undefined {
  for (let folder = path.resolve(start); ; folder = path.dirname(folder)) {
    if (fs.existsSync(path.join(folder, '.git'))) return folder;
    if (path.dirname(folder) === folder) return undefined;
  }
}

/** `.git/info/exclude` of the repository at `root`, following a `.git` file (worktrees) to the common git folder. */
function infoExcludeOf(root: string): string | undefined {
  const dotGit = path.join(root, '.git');
  try {
    let gitDir = dotGit;
    if (fs.statSync(dotGit).isFile()) {
      const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(fs.readFileSync(dotGit, 'utf8'));
      if (!pointer) return undefined;
      gitDir = path.resolve(root, pointer[1]);
      const common = path.join(gitDir, 'commondir');
      if (fs.existsSync(common)) gitDir = path.resolve(gitDir, fs.readFileSync(common, 'utf8').trim());
    }
    return fs.readFileSync(path.join(gitDir, 'info', 'exclude'), 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The ignore rules of one tree, read lazily folder by folder as a walk reaches it. The top is the
 * git repository's root when the path is inside one (its `.gitignore` files above the checked
 * folder count too, and `info/exclude`); outside a repository, the checked folder itself (its
 * `.gitignore` files still say what is build output, as in an exported tree).
 */
export class GitignoreTree {
  readonly top: string;
  private readonly perFolder = new Map<string, GitignoreRule[]>();
  private readonly exclude: GitignoreRule[];

  constructor(checked: string) {
    const resolved = path.resolve(checked);
    const gitRoot = findGitRoot(resolved);
    this.top = gitRoot ?? resolved;
    const excludeText = gitRoot ? infoExcludeOf(gitRoot) : undefined;
    this.exclude = excludeText ? parseGitignore(excludeText, '') : [];
  }

  /** Whether `file` (absolute, under the top) is ignored; `isDirectory` for folders (`dir/` patterns). */
  ignores(file: string, isDirectory: boolean): boolean {
    const relative = path.relative(this.top, file).split(path.sep).join('/');
    if (relative === '' || relative.startsWith('..')) return false;
    return isIgnoredBy(this.rulesFor(path.dirname(file)), relative, isDirectory);
  }

  /** Rules that apply to entries of `folder`: info/exclude, then each `.gitignore` from the top down. */
  private rulesFor(folder: string): GitignoreRule[] {
    const cached = this.perFolder.get(folder);
    if (cached) return cached;
    let rules: GitignoreRule[];
    const relative = path.relative(this.top, folder).split(path.sep).join('/');
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      rules = [];
    } else {
      const parent = relative === '' ? this.exclude : this.rulesFor(path.dirname(folder));
      const own = readRules(path.join(folder, '.gitignore'), relative);
      rules = own.length ? [...parent, ...own] : parent;
    }
    this.perFolder.set(folder, rules);
    return rules;
  }
}

function readRules(file: string, base: string): GitignoreRule[] {
  try {
    return parseGitignore(fs.readFileSync(file, 'utf8'), base);
  } catch {
    return [];
  }
}
