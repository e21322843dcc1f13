/**
 * Suppression comments: `# prodready: ignore[rule-a, rule-b]` (or `//` in TS/JS) on the line of a
 * finding, or alone on the line above it; `ignore` without a list silences every rule there;
 * `prodready: ignore-file` in the first 5 lines silences the whole file.
 */

const MARKER = 'prodready:';
const DIRECTIVE = /^prodready:[ \t]*(ignore-file|ignore)(?:[ \t]*\[([^\]\r\n]*)\])?/;
const ALL = '*';

export interface Suppressions {
  readonly fileIgnored: boolean;
  /** Whether a finding of `ruleId` starting on 0-based `line` is silenced. */
  isSuppressed(ruleId: string, line: number): boolean;
}

const NONE: Suppressions = { fileIgnored: false, isSuppressed: () => false };

export function parseSuppressions(text: string): Suppressions {
  if (!text.includes(MARKER)) return NONE;
  const byLine = new Map<number, Set<string>>();
  let fileIgnored = false;
  let line = 0;
  let lineStart = 0;
  let scanned = 0;
  for (let index = text.indexOf(MARKER); index >= 0; index = text.indexOf(MARKER, index + MARKER.length)) {
    for (; scanned < index; scanned++) {
      const ch = text.charCodeAt(scanned);
      if (ch === 10 || (ch === 13 && text.charCodeAt(scanned + 1) !== 10)) {
        line++;
        lineStart = scanned + 1;
      }
    }
    const before = text.slice(lineStart, index);
    const comment = /(#|\/\/|\/\*|<!--)[ \t]*$/.exec(before);
    if (!comment) continue;
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
    if (before.slice(0, comment.index).trim() === '') add(line + 1);
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
