import type { Fix, TextEdit } from './types';

/**
 * Applies as many fixes as do not overlap, in order of position. A fix whose edits touch a range
 * an accepted fix already changed is left for the next pass (the caller re-analyses and repeats,
 * as ESLint does), so two fixes never write over each other.
 */
export function applyFixes(text: string, fixes: readonly Fix[]): { text: string; applied: number } {
  const ordered = [...fixes].sort((a, b) => firstStart(a) - firstStart(b));
  const accepted: TextEdit[] = [];
  let applied = 0;
  for (const fix of ordered) {
    const edits = fix.edits.filter((edit) => edit.path === undefined);
    if (!edits.length || edits.some((edit) => accepted.some((other) => overlaps(edit, other)))) continue;
    accepted.push(...edits);
    applied++;
  }
  return { text: applyEdits(text, accepted), applied };
}

/** Applies non-overlapping edits (UTF-16 offsets into `text`). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

function firstStart(fix: Fix): number {
  return Math.min(...fix.edits.map((edit) => edit.start));
}

/** Two insertions at one point conflict too: their order would be arbitrary. */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}
