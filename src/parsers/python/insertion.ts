import type { Node } from '@vscode/tree-sitter-wasm';
import type { TextEdit } from '../../core/types';
import { detectEol } from '../../core/text';
import type { PythonModule } from './module';

/**
 * Where fixes add module-level lines (`import os`, a logger): at a boundary between top-level
 * statements of the parse tree, never inside one (a line-based guess once put `import os` inside a
 * multi-line dict that opened the module).
 *
 * The place is the end of the module's prologue: the docstring, `from __future__` imports, then the
 * run of imports that follows — plain imports and `if`/`try` blocks made only of imports
 * (`if TYPE_CHECKING:`, `try: import ujson as json / except ImportError: import json`). The run
 * ends at the first other statement, so the new lines come before any module-level code that may
 * use them; imports further down (after a `sys.path` change, say) stay after it.
 */

interface InsertionPoint {
  offset: number;
  /** The next statement starts on the prologue's last line (`import a; x = 1`): insert `...; ` before it. */
  inline: boolean;
}

const points = new WeakMap<PythonModule, InsertionPoint>();

/** The edit inserting whole lines at the end of the module's prologue (identical for every rule, so fixes merge). */
export function insertModuleLines(module: PythonModule, lines: string[]): TextEdit {
  const text = module.text;
  const { offset, inline } = insertionPoint(module);
  if (inline) return { start: offset, end: offset, text: lines.map((line) => `${line}; `).join('') };
  const eol = detectEol(text);
  const needsBreak = offset > 0 && offset === text.length && text[offset - 1] !== '\n' && text[offset - 1] !== '\r';
  return { start: offset, end: offset, text: (needsBreak ? eol : '') + lines.map((line) => line + eol).join('') };
}

function insertionPoint(module: PythonModule): InsertionPoint {
  let point = points.get(module);
  if (!point) points.set(module, (point = computeInsertionPoint(module)));
  return point;
}

function computeInsertionPoint(module: PythonModule): InsertionPoint {
  const text = module.text;
  const root = module.captures[0]?.node.tree.rootNode;
  // Nothing captured: no statement a rule could fix, and nothing to step over but comments.
  if (!root) return { offset: text.length, inline: false };
  let last: Node | null = null;
  let next: Node | null = null;
  let first = true;
  for (let child = root.firstNamedChild; child; child = child.nextNamedSibling) {
    if (child.type === 'comment') continue;
    const docstring = first && isDocstring(child);
    first = false;
    if (docstring || child.type === 'future_import_statement' || isImport(child) || isImportBlock(child, 0)) {
      last = child;
      continue;
    }
    next = child;
    break;
  }
  if (last) {
    const offset = lineEndAfter(text, last.endIndex);
    if (next && next.startIndex < offset) return { offset: next.startIndex, inline: true };
    return { offset, inline: false };
  }
  if (!next) return { offset: text.length, inline: false };
  // No prologue: before the first statement, on a line of its own (after leading comments and a BOM).
  let start = next.startIndex;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  if (start === 0 && text.charCodeAt(0) === 0xfeff) start = 1;
  if (text.slice(start, next.startIndex).trim() !== '') return { offset: next.startIndex, inline: true };
  return { offset: start, inline: false };
}

function isImport(node: Node): boolean {
  return node.type === 'import_statement' || node.type === 'import_from_statement';
}

/** `"""Doc."""` (or implicitly concatenated strings) as the first statement. */
function isDocstring(node: Node): boolean {
  if (node.type !== 'expression_statement' || node.namedChildCount !== 1) return false;
  const value = node.firstNamedChild;
  return value?.type === 'string' || value?.type === 'concatenated_string';
}

const CLAUSES = new Set(['elif_clause', 'else_clause', 'except_clause', 'except_group_clause', 'finally_clause']);
/** Nesting an import block may have (real ones have one or two levels); deeper is code, and hostile input stays cheap. */
const MAX_BLOCK_DEPTH = 4;

/**
 * An `if` or `try` statement whose every branch holds only imports and `pass`, and whose conditions
 * call nothing (`if TYPE_CHECKING:`, `if sys.version_info >= (3, 11):`): code placed after it runs
 * after those imports, and nothing in it can need a line the fix adds.
 */
function isImportBlock(node: Node, depth: number): boolean {
  if ((node.type !== 'if_statement' && node.type !== 'try_statement') || depth > MAX_BLOCK_DEPTH) return false;
  let imports = 0;
  const parts: Node[] = [node];
  while (parts.length) {
    const part = parts.pop()!;
    for (let child = part.firstNamedChild; child; child = child.nextNamedSibling) {
      if (child.type === 'comment') continue;
      if (child.type === 'block') {
        for (let statement = child.firstNamedChild; statement; statement = statement.nextNamedSibling) {
          if (statement.type === 'comment' || statement.type === 'pass_statement') continue;
          if (isImport(statement)) imports++;
          else if (!isImportBlock(statement, depth + 1)) return false;
          else imports++;
        }
      } else if (CLAUSES.has(child.type)) parts.push(child);
      else if (callsSomething(child)) return false;
    }
  }
  return imports > 0;
}

/** Whether a condition or exception expression contains a call (bounded: a long one counts as calling). */
function callsSomething(node: Node): boolean {
  if (node.endIndex - node.startIndex > 200) return true;
  return node.type === 'call' || node.descendantsOfType('call').length > 0;
}

/** The offset after the line break that ends the line containing `offset`. */
function lineEndAfter(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  if (text[i] === '\r' && text[i + 1] === '\n') return i + 2;
  return i < text.length ? i + 1 : i;
}
