/**
 * Suppression comments: `# prodready: ignore[rule-a, rule-b]` (or `//` in TS/JS) on the line of a
 * finding, or alone on the line above it; `ignore` without a list silences every rule there;
 * `prodready: ignore-file` in the first 5 lines silences the whole file.
 */

const MARKER = 'prodready:';
const DIRECTIVE = /^prodready:[ \t]*(ignore-file|ignore)(?:[ \t]*\[([^\]\r\n]*)\])?/;
const ALL = '*';
const COMMENT_TOKENS = ['<!--', '//', '/*', '#'];

export interface Suppressions {
  readonly fileIgnored: boolean;
  /** Whether a finding of `ruleId` starting on 0-based `line` is silenced. */
  isSuppressed(ruleId: string, line: number): boolean;
}

const NONE: Suppressions = { fileIgnored: false, isSuppressed: () => false };

/** Where the comment token (`#`, `//`, `/*`, `<!--`) ending just before `marker`, spaces and tabs apart, starts; -1 if none. */
function commentStartBefore(text: string, lineStart: number, marker: number): number {
  let end = marker;
  while (end > lineStart && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  const ends = (token: string) => end - token.length >= lineStart && text.startsWith(token, end - token.length);
  for (const token of COMMENT_TOKENS) if (ends(token)) return end - token.length;
  return -1;
}

/** `\s`, as `String.prototype.trim` reads it, for one UTF-16 code unit. */
function isWhitespace(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return String.fromCharCode(code).trim() === '';
}

export function parseSuppressions(text: string): Suppressions {
  if (!text.includes(MARKER)) return NONE;
  const byLine = new Map<number, Set<string>>();
  let fileIgnored = false;
  let line = 0;
  let lineStart = 0;
  /** The first non-whitespace character of the current line, once the scan has passed one. */
  let firstContent = -1;
  let scanned = 0;
  // One pass: the scan only moves forward, and the look back from a marker stops at the first
  // character that is not a space or tab, so no part of a line is read once per marker.
  for (let index = text.indexOf(MARKER); index >= 0; index = text.indexOf(MARKER, index + MARKER.length)) {
    for (; scanned < index; scanned++) {
      const ch = text.charCodeAt(scanned);
      if (ch === 10 || (ch === 13 && text.charCodeAt(scanned + 1) !== 10)) {
        line++;
        lineStart = scanned + 1;
        firstContent = -1;
      } else if (firstContent < 0 && !isWhitespace(ch)) firstContent = scanned;
    }
    const comment = commentStartBefore(text, lineStart, index);
    if (comment < 0) continue;
    const directive = DIRECTIVE.exec(text.slice(index, index + 400));
    if (!directive) continue;
    if (directive[1] === 'ignore-file') {
      if (line < 5) fileIgnored = true;
      continue;
    }
    const ids = directive[2]
      ?.split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    const rules = ids && ids.length ? ids : [ALL];
    const add = (target: number) => {
      let set = byLine.get(target);
      if (!set) byLine.set(target, (set = new Set()));
      for (const id of rules) set.add(id);
    };
    add(line);
    // A comment alone on its line also covers the next line.
    if (comment === firstContent) add(line + 1);
  }
  return {
    fileIgnored,
    isSuppressed(ruleId: string, findingLine: number) {
      const set = byLine.get(findingLine);
      return set !== undefined && (set.has(ALL) || set.has(ruleId));
    },
  };
}

/** The comment that silences `ruleId` on a line, in the syntax of the file kind. */
export function suppressionComment(commentToken: '#' | '//', ruleId: string): string {
  return `${commentToken} prodready: ignore[${ruleId}]`;
}
