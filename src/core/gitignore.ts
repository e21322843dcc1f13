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
  /** The pattern's `/`-separated segments: `**`, or the tokens of one name. */
  segments: Segment[];
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
  // Scanned, not a regex: `/ +$/` is quadratic on a long run of spaces followed by text.
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ' && line[end - 2] !== '\\') end--;
  line = line.slice(0, end);
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
    let cut = line.length;
    while (cut > 0 && line[cut - 1] === '/') cut--;
    line = line.slice(0, cut);
  }
  if (line === '') return undefined;
  // A separator at the start or in the middle anchors the pattern to its file's folder.
  const anchored = line.includes('/');
  if (line.startsWith('/')) line = line.slice(1);
  const segments = (anchored ? line : `**/${line}`).split('/').map((segment) => (segment === '**' ? GLOBSTAR : tokenize(segment)));
  return { base, negate, directoryOnly, segments, pattern: rawLine };
}

/*
 * Matching without regular expressions: a pattern such as `*a*a*a*a*b` in a hostile repository's
 * .gitignore would make a backtracking regex take hours on one long file name. Names are matched
 * with the classic one-star-backtrack wildcard algorithm (O(name × pattern)), and `**` segments
 * with a memo over (pattern segment, path segment).
 */

type Token =
  | { kind: 'char'; char: string }
  | { kind: 'any' }
  | { kind: 'star' }
  | { kind: 'class'; negated: boolean; ranges: Array<[number, number]> };
type Segment = Token[] | typeof GLOBSTAR;
const GLOBSTAR = '**' as const;

function tokenize(segment: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i];
    if (ch === '\\' && i + 1 < segment.length) {
      tokens.push({ kind: 'char', char: segment[++i] });
    } else if (ch === '*') {
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (ch === '?') {
      tokens.push({ kind: 'any' });
    } else if (ch === '[') {
      const klass = characterClass(segment, i);
      if (klass) {
        tokens.push(klass.token);
        i = klass.end;
      } else {
        tokens.push({ kind: 'char', char: ch });
      }
    } else {
      tokens.push({ kind: 'char', char: ch });
    }
  }
  return tokens;
}

/** `[...]` starting at `start`: the token and the index of its closing `]`, or undefined when unclosed. */
function characterClass(segment: string, start: number): { token: Token; end: number } | undefined {
  let i = start + 1;
  let negated = false;
  if (segment[i] === '!' || segment[i] === '^') {
    negated = true;
    i++;
  }
  const ranges: Array<[number, number]> = [];
  for (let first = true; i < segment.length; i++, first = false) {
    let ch = segment[i];
    if (ch === ']' && !first) return { token: { kind: 'class', negated, ranges }, end: i };
    if (ch === '\\' && i + 1 < segment.length) ch = segment[++i];
    const low = ch.charCodeAt(0);
    if (segment[i + 1] === '-' && i + 2 < segment.length && segment[i + 2] !== ']') {
      let high = segment[i + 2];
      i += 2;
      if (high === '\\' && i + 1 < segment.length) high = segment[++i];
      ranges.push([low, high.charCodeAt(0)]);
    } else {
      ranges.push([low, low]);
    }
  }
  return undefined;
}

function matchesOne(token: Token, ch: string): boolean {
  switch (token.kind) {
    case 'char':
      return token.char === ch;
    case 'any':
      return true;
    case 'class': {
      const code = ch.charCodeAt(0);
      return token.ranges.some(([low, high]) => code >= low && code <= high) !== token.negated;
    }
    default:
      return false;
  }
}

/** One path segment (no `/`) against one pattern segment's tokens. */
function matchName(tokens: readonly Token[], name: string): boolean {
  let t = 0;
  let n = 0;
  let starToken = -1;
  let starName = 0;
  while (n < name.length) {
    const token = tokens[t];
    if (token && token.kind === 'star') {
      starToken = t++;
      starName = n;
    } else if (token && matchesOne(token, name[n])) {
      t++;
      n++;
    } else if (starToken >= 0) {
      t = starToken + 1;
      n = ++starName;
    } else {
      return false;
    }
  }
  while (tokens[t]?.kind === 'star') t++;
  return t === tokens.length;
}

/** A pattern's segments against a path's: `**` matches zero or more folders, a trailing `**` everything inside. */
function matchSegments(pattern: readonly Segment[], path: readonly string[]): boolean {
  const memo = new Map<number, boolean>();
  const match = (p: number, s: number): boolean => {
    const key = p * (path.length + 1) + s;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    const segment = pattern[p];
    if (p === pattern.length) {
      result = s === path.length;
    } else if (segment === GLOBSTAR) {
      if (p === pattern.length - 1) {
        result = s < path.length;
      } else {
        result = false;
        for (let k = s; k <= path.length && !result; k++) result = match(p + 1, k);
      }
    } else {
      result = s < path.length && matchName(segment, path[s]) && match(p + 1, s + 1);
    }
    memo.set(key, result);
    return result;
  };
  return match(0, 0);
}

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
    if (matchSegments(rule.segments, inBase.split('/'))) return !rule.negate;
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
