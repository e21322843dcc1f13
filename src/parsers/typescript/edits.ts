import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { detectEol, indentationAt } from '../../core/text';
import type { TextEdit } from '../../core/types';
import type { Node } from './parse';

/**
 * Adds `property` (e.g. `timeout: 10000`) to an object literal, keeping its layout: after the
 * last property on the same line for one-line objects, on a new line indented like the other
 * properties for multi-line ones, inside `{}` for empty ones.
 */
export function addObjectProperty(text: string, object: TSESTree.ObjectExpression, property: string): TextEdit {
  const [start, end] = object.range;
  const last = object.properties[object.properties.length - 1];
  if (!last) {
    const inner = text.slice(start + 1, end - 1);
    if (inner.trim() === '') return { start: start + 1, end: end - 1, text: ` ${property} ` };
    return { start: start + 1, end: start + 1, text: ` ${property} ` };
  }
  let after = last.range[1];
  let cursor = after;
  while (cursor < end && /\s/.test(text[cursor])) cursor++;
  const trailingComma = text[cursor] === ',';
  const multiLine = /[\r\n]/.test(text.slice(last.range[1], end));
  if (multiLine) {
    if (trailingComma) after = cursor + 1;
    const indent = indentationAt(text, last.range[0]);
    return {
      start: after,
      end: after,
      text: `${trailingComma ? '' : ','}${detectEol(text)}${indent}${property}${trailingComma ? ',' : ''}`,
    };
  }
  return { start: after, end: after, text: `, ${property}` };
}

/** The file's indentation unit: two spaces unless the file indents with tabs or four spaces. */
export function indentUnit(text: string): string {
  const match = /\n([ \t]+)\S/.exec(text);
  if (!match) return '  ';
  if (match[1].startsWith('\t')) return '\t';
  return match[1].length >= 4 && match[1].length % 4 === 0 && !/\n  \S/.test(text) ? '    ' : '  ';
}

/** Whether a template literal with a line break lies between `start` and `end` (re-indenting its lines would change its value). */
export function hasMultiLineTemplate(nodes: readonly Node[], text: string, start: number, end: number): boolean {
  for (const node of nodes) {
    if (node.type !== 'TemplateLiteral' || node.range[1] <= start || node.range[0] >= end) continue;
    if (/[\r\n]/.test(text.slice(node.range[0], node.range[1]))) return true;
  }
  return false;
}
