import type { TextEdit } from '../../core/types';
import { detectEol } from '../../core/text';
import { isMap, isScalar, type Pair, type Scalar, type YAMLMap } from 'yaml';

/**
 * Text edits for YAML that keep everything the user wrote: new keys are inserted as whole lines,
 * indented like their siblings, so comments, key order, quoting and anchors stay as they were.
 */

/** Column of a node's first character. */
export function columnOf(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return offset - lineStart;
}

/** The file's indentation step: the smallest indentation of any content line, 2 when none. */
export function indentUnit(text: string): number {
  let unit = 0;
  for (const match of text.matchAll(/^( +)[^ \r\n#]/gm)) {
    const width = match[1].length;
    if (width > 0 && (unit === 0 || width < unit)) unit = width;
  }
  return unit >= 2 && unit <= 8 ? unit : 2;
}

/** The offset where the line after the one holding `offset` starts (the end of text when it is the last line). */
export function nextLineStart(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

/** Indents block lines (relative indentation in two-space steps) to `column` using the file's step. */
export function block(lines: readonly string[], column: number, unit: number, eol: string): string {
  return lines
    .map((line) => {
      const depth = (line.length - line.trimStart().length) / 2;
      return ' '.repeat(column + depth * unit) + line.trimStart() + eol;
    })
    .join('');
}

/** Inserts lines after the line holding `afterOffset`, at `column`. */
export function insertLinesAfter(text: string, afterOffset: number, lines: readonly string[], column: number): TextEdit {
  const eol = detectEol(text);
  const at = nextLineStart(text, afterOffset);
  const prefix = at === text.length && !/\n$/.test(text) ? eol : '';
  return { start: at, end: at, text: prefix + block(lines, column, indentUnit(text), eol) };
}

/** The column of a block mapping's keys, or undefined for a flow mapping (`{a: 1}`) or an empty one. */
export function keyColumn(text: string, map: YAMLMap): number | undefined {
  if (map.flow) return undefined;
  const first = map.items[0]?.key;
  if (!isScalar(first) || !first.range) return undefined;
  return columnOf(text, first.range[0]);
}

/**
 * Replaces the value of `pair` (an empty or flow value such as `{}` or nothing) with a block of lines
 * one step deeper than the key.
 */
export function replaceValueWithBlock(text: string, pair: Pair, lines: readonly string[]): TextEdit | undefined {
  const key = pair.key as Scalar;
  if (!key.range) return undefined;
  const colon = text.indexOf(':', key.range[1]);
  if (colon < 0) return undefined;
  const value = pair.value as { range?: [number, number, number] } | null;
  const end = value?.range ? value.range[1] : colon + 1;
  if (isMap(pair.value) && !pair.value.flow && pair.value.items.length) return undefined;
  const eol = detectEol(text);
  const column = columnOf(text, key.range[0]) + indentUnit(text);
  const body = block(lines, column, indentUnit(text), eol);
  return { start: colon + 1, end, text: eol + body.slice(0, body.length - eol.length) };
}
