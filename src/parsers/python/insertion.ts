import type { Node } from '@vscode/tree-sitter-wasm';
import type { TextEdit } from '../../core/types';
import { detectEol } from '../../core/text';
import { isPythonStdlib } from '../../knowledge/pythonStdlib';
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

/**
 * Import sections in the order isort and ruff's `I` rules write them: `__future__`, the standard
 * library, third-party packages, first-party packages (the project's own), then relative imports.
 */
export type ImportSection = 'future' | 'stdlib' | 'third-party' | 'first-party' | 'local';
const SECTION_RANK: Record<ImportSection, number> = { future: 0, stdlib: 1, 'third-party': 2, 'first-party': 3, local: 4 };

interface PrologueImport {
  node: Node;
  section: ImportSection;
  /** `import a` (true) or `from a import b` (false). */
  plain: boolean;
  /** The module name sorted on, lower-cased (`a.b`, `.x`). */
  key: string;
}

/** Which section a top-level module name belongs to, as isort would decide without its config. */
export function importSection(module: PythonModule, name: string, level = 0): ImportSection {
  if (level > 0) return 'local';
  const top = name.split('.')[0];
  if (top === '__future__') return 'future';
  if (isPythonStdlib(top)) return 'stdlib';
  // A package whose folder the module itself sits in (`app/main.py` importing `app.features`).
  const folders = module.path.replace(/\\/g, '/').split('/').slice(0, -1);
  return folders.includes(top) ? 'first-party' : 'third-party';
}

/** The top-level import statements of the module's prologue (docstring, `__future__`, imports), in order. */
function prologueImports(module: PythonModule): PrologueImport[] {
  const root = module.captures[0]?.node.tree.rootNode;
  const out: PrologueImport[] = [];
  if (!root) return out;
  let first = true;
  for (let child = root.firstNamedChild; child; child = child.nextNamedSibling) {
    if (child.type === 'comment') continue;
    const docstring = first && isDocstring(child);
    first = false;
    if (docstring || isImportBlock(child, 0)) continue;
    if (child.type === 'future_import_statement') {
      out.push({ node: child, section: 'future', plain: false, key: '__future__' });
      continue;
    }
    if (!isImport(child)) break;
    const plain = child.type === 'import_statement';
    let name: string;
    let level = 0;
    if (plain) {
      const first = child.namedChildren.find((c) => c?.type === 'dotted_name' || c?.type === 'aliased_import');
      name = (first?.type === 'aliased_import' ? first.childForFieldName('name')?.text : first?.text) ?? '';
    } else {
      const raw = child.childForFieldName('module_name')?.text ?? '';
      name = raw.replace(/^\.+/, '');
      level = raw.length - name.length;
    }
    out.push({
      node: child,
      section: importSection(module, name, level),
      plain,
      key: `${'.'.repeat(level)}${name}`.toLowerCase(),
    });
  }
  return out;
}

/**
 * The edit adding `import <name>` (a top-level module) where isort and ruff would put it: in its
 * section (standard library after `__future__` and before third-party and first-party imports),
 * alphabetically among that section's `import x` lines — or among all its lines when the file sorts
 * `import` and `from` together — with a blank line between sections. A module with no imports gets
 * it after its docstring and `__future__` imports. Never after code, never inside a statement.
 */
export function insertImport(module: PythonModule, name: string): TextEdit {
  const imports = prologueImports(module);
  const section = importSection(module, name);
  const key = name.toLowerCase();
  const text = module.text;
  const eol = detectEol(text);
  const line = `import ${name}`;
  const same = imports.filter((entry) => entry.section === section);
  if (same.length) {
    const mixed = same.some((entry, i) => !entry.plain && same.slice(i + 1).some((later) => later.plain));
    const candidates = mixed ? same : same.filter((entry) => entry.plain);
    const next = candidates.find((entry) => entry.key > key);
    if (next) return before(text, next.node, line, eol, '');
    if (candidates.length) return after(text, candidates[candidates.length - 1].node, line, eol, '');
    // Only `from x import y` lines in the section: `import x` lines come first.
    return before(text, same[0].node, line, eol, '');
  }
  const rank = SECTION_RANK[section];
  const later = imports.find((entry) => SECTION_RANK[entry.section] > rank);
  const earlier = imports.filter((entry) => SECTION_RANK[entry.section] < rank).pop();
  if (later) {
    const edit = before(text, later.node, line, eol, eol);
    // A section above that runs straight into the new line gets its blank line too.
    if (earlier && !edit.text.startsWith(';') && !/(\r?\n|\r)[ \t]*(\r?\n|\r)$/.test(text.slice(0, edit.start)) && edit.start > 0) {
      return { ...edit, text: eol + edit.text };
    }
    return edit;
  }
  if (earlier) return after(text, earlier.node, line, eol, eol);
  return insertModuleLines(module, [line]);
}

/** Inserts `line` on its own line before `statement` (and the comment lines attached to it), then `gap`. */
function before(text: string, statement: Node, line: string, eol: string, gap: string): TextEdit {
  let start = statement.startIndex;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  // `import a; import b`: the line holds an earlier statement.
  if (text.slice(start, statement.startIndex).trim() !== '')
    return { start: statement.startIndex, end: statement.startIndex, text: `${line}; ` };
  let previous = statement.previousNamedSibling;
  while (previous?.type === 'comment') previous = previous.previousNamedSibling;
  const previousEnd = previous?.endIndex ?? 0;
  // Comment lines directly above (no blank line between) belong to the statement: `# third-party` headers.
  for (;;) {
    const above = previousLineStart(text, start);
    if (above === undefined || above < previousEnd) break;
    const content = text.slice(above, start).trim();
    if (!content.startsWith('#') || content.startsWith('#!') || /coding[:=]/.test(content)) break;
    start = above;
  }
  if (start === 0 && text.charCodeAt(0) === 0xfeff) start = 1;
  return { start, end: start, text: `${line}${eol}${gap}` };
}

/** Inserts `line` on its own line after `statement`'s line, preceded by `gap`. */
function after(text: string, statement: Node, line: string, eol: string, gap: string): TextEdit {
  const offset = lineEndAfter(text, statement.endIndex);
  const next = statement.nextNamedSibling;
  // `import a; x = 1`: the next statement shares the line.
  if (next && next.startIndex < offset && next.type !== 'comment')
    return { start: next.startIndex, end: next.startIndex, text: `${line}; ` };
  const needsBreak = offset === text.length && offset > 0 && text[offset - 1] !== '\n' && text[offset - 1] !== '\r';
  return { start: offset, end: offset, text: `${needsBreak ? eol : ''}${gap}${line}${eol}` };
}

/** The start of the line before the one starting at `lineStart`, if any. */
function previousLineStart(text: string, lineStart: number): number | undefined {
  if (lineStart === 0) return undefined;
  let i = lineStart - 1;
  if (text[i] === '\n' && text[i - 1] === '\r') i--;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/**
 * Insertions at one offset merged into one edit, in the order given (two edits at one point would
 * be applied in an arbitrary order, and `applyFixes` defers the second one to another pass).
 */
export function mergeInsertions(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const edit of edits) {
    const same = out.find(
      (other) => other.start === edit.start && other.end === edit.start && edit.end === edit.start && other.path === edit.path,
    );
    if (same) same.text += edit.text;
    else out.push({ ...edit });
  }
  return out;
}
