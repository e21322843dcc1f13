import type { Node } from '@vscode/tree-sitter-wasm';
import type { TextEdit } from '../../core/types';
import { detectEol, indentationAt } from '../../core/text';
import { insertImport } from './insertion';
import type { FunctionInfo, PythonModule } from './module';

/**
 * Readers and edits shared by the Python rules that look at calls and rewrite statements:
 * the callee of a call (read once per call node, whichever rules look at it), wrapping a statement
 * in a block (`try:`, `with ...:`), and making `torch` available to inserted code.
 */

export interface Callee {
  node: Node | null;
  /** Source text of the callee expression (`self.model.generate`). */
  text: string;
  /** Its last dotted segment (`generate`), or the whole text for a plain name. */
  name: string;
  /** The receiver's source text (`self.model`), empty for a plain name. */
  receiver: string;
}

const callees = new WeakMap<Node, Callee>();

/**
 * The callee of a call node. Every rule visiting the same capture gets the same node object, so the
 * WASM reads happen once per call however many rules look at it.
 */
export function calleeOf(call: Node, text: string): Callee {
  let callee = callees.get(call);
  if (!callee) {
    const node = call.childForFieldName('function');
    const source = node ? text.slice(node.startIndex, node.endIndex) : '';
    const dot = node?.type === 'attribute' ? source.lastIndexOf('.') : -1;
    callee = {
      node,
      text: source,
      name: dot >= 0 ? source.slice(dot + 1).trim() : source,
      receiver: dot >= 0 ? source.slice(0, dot).trimEnd() : '',
    };
    callees.set(call, callee);
  }
  return callee;
}

/** Where a call finding sits: from the start of the callee to the end of the call (rules.md). */
export function callSpan(call: Node, text: string): { start: number; end: number } {
  const callee = calleeOf(call, text).node;
  return { start: callee?.startIndex ?? call.startIndex, end: call.endIndex };
}

/** The receiver object of a method call (`self.model` in `self.model.generate(...)`). */
export function receiverOf(call: Node, text: string): Node | null {
  const callee = calleeOf(call, text).node;
  return callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
}

/** Whether any function from `scope` outwards carries a decorator whose qualified name passes `test`. */
export function decoratedWith(scope: FunctionInfo | undefined, test: (qualified: string) => boolean): boolean {
  for (let fn = scope; fn; fn = fn.parent) {
    if (fn.decorators.some(test)) return true;
  }
  return false;
}

const SIMPLE_STATEMENTS = new Set(['expression_statement', 'return_statement']);
/** Nodes whose code runs later than the statement around them: wrapping that statement changes nothing. */
const DEFERRED = new Set(['lambda', 'generator_expression', 'function_definition', 'class_definition']);

/**
 * The simple statement (expression or `return`) that runs `node`, when it sits directly in a block
 * on lines of its own — the only shape a statement-wrapping fix rewrites safely.
 */
export function wrappableStatement(node: Node, text: string): Node | undefined {
  let current: Node | null = node;
  while (current && current.parent && current.parent.type !== 'block' && current.parent.type !== 'module') {
    if (DEFERRED.has(current.type)) return undefined;
    current = current.parent;
  }
  if (!current || !SIMPLE_STATEMENTS.has(current.type)) return undefined;
  const lineStart = lineStartOf(text, current.startIndex);
  if (text.slice(lineStart, current.startIndex).trim() !== '') return undefined;
  const rest = text.slice(current.endIndex, lineEndOf(text, current.endIndex));
  if (!/^\s*(#.*)?$/.test(rest)) return undefined;
  return current;
}

/**
 * Rewrites `statement` as `<opening>` followed by the statement one level deeper and `closing` lines
 * at the statement's own indentation (each closing line may start with the indent unit placeholder
 * `\t>`, replaced by one more level). Keeps the file's line endings and indentation style. Refuses
 * statements holding a multi-line string, whose text would change if re-indented.
 */
export function wrapStatement(text: string, statement: Node, opening: string, closing: string[] = []): TextEdit | undefined {
  const start = lineStartOf(text, statement.startIndex);
  // A trailing comment stays with its statement, inside the new block.
  const end = lineEndOf(text, statement.endIndex);
  const source = text.slice(start, end);
  if (/[\r\n]/.test(source) && /"""|'''/.test(source)) return undefined;
  const indent = text.slice(start, statement.startIndex);
  const unit = indentUnit(text, statement, indent);
  const eol = detectEol(text);
  const body = source.replace(
    /(^|\r\n|\r|\n)([ \t]*)(?=\S)/g,
    (_match, lineBreak: string, leading: string) => `${lineBreak}${unit}${leading}`,
  );
  const lines = [`${indent}${opening}${eol}${body}`];
  for (const line of closing) lines.push(`${indent}${line.replace(/^\t>/, unit)}`);
  return { start, end, text: lines.join(eol) };
}

/** One level of indentation as the file writes it. */
function indentUnit(text: string, statement: Node, indent: string): string {
  const owner = statement.parent?.type === 'block' ? statement.parent.parent : null;
  if (owner) {
    const outer = indentationAt(text, owner.startIndex);
    if (indent.startsWith(outer) && indent.length > outer.length) return indent.slice(outer.length);
  }
  if (indent.startsWith('\t')) return '\t';
  const firstIndented = /^([ \t]+)\S/m.exec(text);
  return firstIndented?.[1].startsWith('\t') ? '\t' : firstIndented && firstIndented[1].length <= 8 ? firstIndented[1] : '    ';
}

function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

function lineEndOf(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** The name `torch` is bound to at module scope, with the import to add when it is not bound. */
export function torchForFix(module: PythonModule): { name: string; edits: TextEdit[] } {
  if (module.globals.get('torch') === 'torch') return { name: 'torch', edits: [] };
  for (const [name, value] of module.globals) {
    if (value === 'torch') return { name, edits: [] };
  }
  return { name: 'torch', edits: [insertImport(module, 'torch')] };
}

const selfAttributeCache = new WeakMap<PythonModule, Map<string, string | null>>();

/**
 * `self.<attr>` bindings per class that ignore placeholder values: `self.session = None` in
 * `__init__` followed by `self.session = requests.Session()` in a setup method still types the
 * attribute (module facts, which merge every binding, leave it unknown). Computed once per module
 * from the capture list, only when a rule asks.
 */
function selfAttributeTypes(module: PythonModule): Map<string, string | null> {
  let types = selfAttributeCache.get(module);
  if (types) return types;
  types = new Map();
  const functions: FunctionInfo[] = [];
  for (const capture of module.captures) {
    while (functions.length && functions[functions.length - 1].end <= capture.start) functions.pop();
    if (capture.kind === 'function_definition') {
      const fn = module.functionStartingAt(capture.start);
      if (fn) functions.push(fn);
      continue;
    }
    if (capture.kind !== 'assignment' || !module.text.startsWith('self.', capture.start)) continue;
    const left = capture.node.childForFieldName('left');
    const right = capture.node.childForFieldName('right');
    if (left?.type !== 'attribute' || !right || /^(none|true|false|integer|float|string|list|dictionary|tuple)$/.test(right.type)) continue;
    const scope = functions[functions.length - 1];
    const klass = scope?.classInfo;
    if (!klass) continue;
    const key = `${klass.start}:${left.childForFieldName('attribute')?.text ?? ''}`;
    const value = module.qualify(right, scope) ?? null;
    const previous = types.get(key);
    types.set(key, previous === undefined || previous === value ? value : null);
  }
  selfAttributeCache.set(module, types);
  return types;
}

/**
 * `module.qualify`, falling back for `self.<attr>` and `self.<attr>.<member>` whose attribute the
 * module facts could not type because it is also initialised to a placeholder (`None`).
 */
export function qualifyCallee(module: PythonModule, node: Node | null, scope: FunctionInfo | undefined): string | undefined {
  const qualified = module.qualify(node, scope);
  if (qualified !== undefined || node?.type !== 'attribute' || !scope?.classInfo) return qualified;
  const object = node.childForFieldName('object');
  const selfAttribute = (attribute: Node | null) =>
    selfAttributeTypes(module).get(`${scope.classInfo!.start}:${attribute?.childForFieldName('attribute')?.text ?? ''}`) ?? undefined;
  if (object?.type === 'identifier' && object.text === 'self') return selfAttribute(node);
  if (object?.type !== 'attribute' || object.childForFieldName('object')?.text !== 'self') return undefined;
  const bound = selfAttribute(object);
  return bound ? `${bound}.${node.childForFieldName('attribute')?.text ?? ''}` : undefined;
}
