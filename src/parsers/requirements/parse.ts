import { isCommitHash, isExactPythonSpecifier, isVcsUrl, vcsRef, type DeclaredDependency } from '../dependencies';

/**
 * A pip requirements file, line by line as pip reads it: `\` continuations join physical lines,
 * `#` after whitespace (or at the start) begins a comment, options (`-r`, `-c`, `-e`, `-i`,
 * `--hash`, ...) are recognised, and each requirement keeps the offsets of its name and specifier.
 */
export interface RequirementsFile {
  dependencies: DeclaredDependency[];
  /** `-r`/`--requirement` targets, as written. */
  includes: string[];
  /** `-c`/`--constraint` targets, as written. */
  constraints: string[];
  /** `-e .`, `.`, `./pkg`: the project installs itself or a local folder. */
  installsLocalPath: boolean;
}

interface LogicalLine {
  /** The joined text with comments removed; `offsets[i]` is the source offset of `text[i]`. */
  text: string;
  offsets: number[];
}

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;

export function parseRequirements(text: string): RequirementsFile {
  const result: RequirementsFile = { dependencies: [], includes: [], constraints: [], installsLocalPath: false };
  for (const line of logicalLines(text)) {
    const trimmed = line.text.trim();
    if (!trimmed) continue;
    const lead = line.text.length - line.text.trimStart().length;
    parseLine(line, lead, result);
  }
  return result;
}

function parseLine(line: LogicalLine, lead: number, result: RequirementsFile): void {
  const text = line.text;
  let position = lead;
  if (text[position] === '-') {
    const option = /^(-[a-zA-Z]|--[a-z-]+)(?:[ \t]*=[ \t]*|[ \t]+|$)/.exec(text.slice(position));
    if (!option) return;
    const name = option[1];
    const value = text.slice(position + option[0].length).trim();
    if (name === '-r' || name === '--requirement') result.includes.push(firstWord(value));
    else if (name === '-c' || name === '--constraint') result.constraints.push(firstWord(value));
    else if (name === '-e' || name === '--editable') {
      position += option[0].length;
      parseRequirement(line, position, result, true);
    }
    // Other options (index URLs, --pre, --hash on its own line...) declare nothing.
    return;
  }
  parseRequirement(line, position, result, false);
}

function firstWord(value: string): string {
  return value.split(/[ \t]/)[0] ?? '';
}

/** Parses one requirement starting at `position` of the logical line. */
function parseRequirement(line: LogicalLine, position: number, result: RequirementsFile, editable: boolean): void {
  const text = line.text;
  // The requirement ends where per-requirement options (`--hash=...`) begin.
  const optionStart = text.slice(position).search(/[ \t]--?[a-z]/i);
  const end = optionStart < 0 ? text.trimEnd().length : position + optionStart;
  const body = text.slice(position, end).trimEnd();
  if (!body) return;
  const sourceStart = line.offsets[position];
  const sourceEnd = line.offsets[position + body.length - 1] + 1;

  if (isLocalPath(body)) {
    result.installsLocalPath = true;
    return;
  }
  if (/^[a-z+]+:\/\//i.test(body) || isVcsUrl(body)) {
    // A bare URL: `git+https://...#egg=name` or a wheel/sdist link.
    const egg = /[#&]egg=([A-Za-z0-9._-]+)/.exec(body);
    const name = egg?.[1] ?? urlFileName(body);
    if (!name) return;
    result.dependencies.push(urlDependency(name, body, sourceStart, sourceEnd));
    return;
  }
  if (editable) {
    result.installsLocalPath = true;
    return;
  }
  const nameMatch = NAME.exec(body);
  if (!nameMatch) return;
  const name = nameMatch[0];
  let cursor = name.length;
  const extras = /^\s*\[[^\]]*\]/.exec(body.slice(cursor));
  if (extras) cursor += extras[0].length;
  const afterName = cursor;
  const rest = body.slice(cursor);
  const markerIndex = rest.indexOf(';');
  const requirementPart = markerIndex < 0 ? rest : rest.slice(0, markerIndex);
  const direct = /^\s*@\s*(\S+)/.exec(requirementPart);
  const requirementEnd = line.offsets[position + afterName + requirementPart.trimEnd().length - 1] + 1;
  if (direct) {
    result.dependencies.push(urlDependency(name, direct[1], sourceStart, Math.max(requirementEnd, sourceStart + name.length)));
    return;
  }
  const specifierText = requirementPart.trim().replace(/^\(|\)$/g, '');
  const lineStart = sourceStart;
  const pinEditFor = (version: string) => {
    if (!specifierText) {
      const at = line.offsets[position + afterName - 1] + 1;
      return { start: at, end: at, text: `==${version}` };
    }
    const specifierOffset = position + afterName + (requirementPart.length - requirementPart.trimStart().length);
    const specStart = line.offsets[specifierOffset];
    const specEnd = line.offsets[specifierOffset + requirementPart.trim().length - 1] + 1;
    return { start: specStart, end: specEnd, text: `==${version}` };
  };
  const exact = specifierText !== '' && isExactPythonSpecifier(specifierText);
  result.dependencies.push({
    ecosystem: 'python',
    name,
    start: lineStart,
    end: specifierText ? requirementEnd : line.offsets[position + afterName - 1] + 1,
    pin: exact ? 'exact' : 'loose',
    constraint: specifierText || 'no version',
    pinEdit: pinEditFor,
  });
}

function urlDependency(name: string, url: string, start: number, end: number): DeclaredDependency {
  if (isVcsUrl(url)) {
    const ref = vcsRef(url);
    return {
      ecosystem: 'python',
      name,
      start,
      end,
      pin: isCommitHash(ref) ? 'fixed-source' : 'vcs-unpinned',
      constraint: ref ? `VCS ref ${ref}` : 'VCS without a ref',
    };
  }
  return { ecosystem: 'python', name, start, end, pin: 'fixed-source', constraint: 'direct URL' };
}

function urlFileName(url: string): string | undefined {
  const file = url.split(/[?#]/)[0].split('/').pop() ?? '';
  const match = /^([A-Za-z0-9][A-Za-z0-9._]*?)-\d/.exec(file);
  return match?.[1];
}

function isLocalPath(body: string): boolean {
  return /^(\.{1,2}([\\/]|$)|[\\/]|~|file:)/.test(body) || /^[A-Za-z]:[\\/]/.test(body);
}

/**
 * Physical lines joined at `\` continuations, comments removed; offsets map each kept character
 * back to the source.
 */
function logicalLines(text: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let current: LogicalLine = { text: '', offsets: [] };
  const physical = /[^\r\n]*(\r\n|\r|\n|$)/g;
  let match: RegExpExecArray | null;
  while ((match = physical.exec(text)) && match[0].length > 0) {
    const start = match.index;
    const content = match[0].slice(0, match[0].length - match[1].length);
    let kept = content;
    const comment = /(^|[ \t])#/.exec(content);
    if (comment) kept = content.slice(0, comment.index);
    const continued = !comment && /\\$/.test(kept);
    if (continued) kept = kept.slice(0, -1);
    for (let i = 0; i < kept.length; i++) {
      current.text += kept[i];
      current.offsets.push(start + i);
    }
    if (continued) {
      current.text += ' ';
      current.offsets.push(start + kept.length);
      continue;
    }
    lines.push(current);
    current = { text: '', offsets: [] };
  }
  if (current.text) lines.push(current);
  return lines;
}
