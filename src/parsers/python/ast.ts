import type { Node } from '@vscode/tree-sitter-wasm';
import type { TextEdit } from '../../core/types';
import { detectEol } from '../../core/text';
import { insertImport } from './insertion';
import type { FunctionInfo, PythonModule } from './module';

/** Small readers over tree-sitter-python call nodes, shared by the rules. */

export interface CallParts {
  callee: Node | null;
  arguments: Node | null;
  positional: Node[];
  keywords: Map<string, Node>;
  /** `**kwargs` passed: any keyword may be inside. */
  hasKeywordSplat: boolean;
  hasPositionalSplat: boolean;
}

export function callParts(call: Node): CallParts {
  const args = call.childForFieldName('arguments');
  const parts: CallParts = {
    callee: call.childForFieldName('function'),
    arguments: args,
    positional: [],
    keywords: new Map(),
    hasKeywordSplat: false,
    hasPositionalSplat: false,
  };
  if (!args || args.type !== 'argument_list') return parts;
  for (const arg of args.namedChildren) {
    if (!arg || arg.type === 'comment') continue;
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name')?.text;
      const value = arg.childForFieldName('value');
      if (name && value) parts.keywords.set(name, value);
    } else if (arg.type === 'dictionary_splat') parts.hasKeywordSplat = true;
    else if (arg.type === 'list_splat') parts.hasPositionalSplat = true;
    else parts.positional.push(arg);
  }
  return parts;
}

/** The start of the callee's last segment: `requests.post(` → `post`; for findings on the callee. */
export function calleeSpan(call: Node): { start: number; end: number } {
  const callee = call.childForFieldName('function');
  const target = callee ?? call;
  return { start: target.startIndex, end: target.endIndex };
}

/**
 * An edit that adds `name=value` as the last argument of a call, keeping a trailing comma and
 * multi-line layouts valid.
 */
export function addKeywordArgument(call: Node, text: string, keyword: string): TextEdit | undefined {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return undefined;
  const close = args.endIndex - 1;
  if (text[close] !== ')') return undefined;
  const last = args.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment').pop();
  if (!last) return { start: close, end: close, text: keyword };
  const between = text.slice(last.endIndex, close);
  const trailingComma = between.includes(',');
  if (trailingComma) {
    const comma = last.endIndex + between.indexOf(',');
    // Multi-line call with a trailing comma: put the argument on its own line, indented like the last one.
    if (/[\r\n]/.test(between)) {
      const eol = detectEol(text);
      // The spaces and tabs just before the last argument on its line (a backwards scan: no `$`-anchored regex).
      let indentStart = last.startIndex;
      while (indentStart > 0 && (text[indentStart - 1] === ' ' || text[indentStart - 1] === '\t')) indentStart--;
      const indent = text.slice(indentStart, last.startIndex);
      return { start: comma + 1, end: comma + 1, text: `${eol}${indent}${keyword},` };
    }
    return { start: comma + 1, end: comma + 1, text: ` ${keyword}` };
  }
  return { start: last.endIndex, end: last.endIndex, text: `, ${keyword}` };
}

/** Whether the module already binds `name` to `module` (`import logging`) at module scope. */
export function hasModuleImport(module: PythonModule, name: string): boolean {
  return module.globals.get(name) === name && module.imports(name);
}

/**
 * Functions whose body runs somewhere the module's own imports are not: a Kubeflow Pipelines
 * lightweight component is shipped as its source text alone, so a module-level `import os` is not
 * in scope there (a NameError at run time).
 */
const SELF_CONTAINED =
  /^kfp\.(?:v2\.)?dsl\.(?:component|container_component)$|^kfp\.components\.(?:func_to_container_op|create_component_from_func)$/;

/** The outermost function from `scope` outwards whose body runs on its own (a KFP component), if any. */
export function selfContainedFunction(scope: FunctionInfo | undefined): FunctionInfo | undefined {
  let found: FunctionInfo | undefined;
  for (let fn = scope; fn; fn = fn.parent) if (fn.decorators.some((d) => SELF_CONTAINED.test(d))) found = fn;
  return found;
}

/**
 * Edits that make `import <name>` available to code in `scope` (nothing if it already is): at
 * module level, placed where isort and ruff would put it (`insertImport`); in a function whose body
 * runs on its own (a KFP component), as the first statement of that function's body. Undefined when
 * there is no safe place (a one-line `def`), or `at` is outside that body (a parameter default).
 */
export function ensureImport(module: PythonModule, name: string, scope?: FunctionInfo, at?: number): TextEdit[] | undefined {
  const isolated = selfContainedFunction(scope);
  if (isolated) return importInFunction(module, isolated, name, at);
  if (hasModuleImport(module, name)) return [];
  return [insertImport(module, name)];
}

function importInFunction(module: PythonModule, fn: FunctionInfo, name: string, at: number | undefined): TextEdit[] | undefined {
  const body = fn.node.childForFieldName('body');
  if (!body || (at !== undefined && (at < body.startIndex || at >= body.endIndex))) return undefined;
  if (fn.locals.get(name) === name) return [];
  const statements = body.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
  let first = statements[0];
  if (!first) return undefined;
  const text = module.text;
  const lineStart = (offset: number) => {
    let i = offset;
    while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
    return i;
  };
  // A body on the `def` line (`def f(): return x`) has no line to put an import on.
  if (text.slice(lineStart(first.startIndex), first.startIndex).trim() !== '') return undefined;
  const indent = text.slice(lineStart(first.startIndex), first.startIndex);
  const eol = detectEol(text);
  const isDocstring = first.type === 'expression_statement' && first.namedChildCount === 1 && first.firstNamedChild?.type === 'string';
  if (isDocstring) {
    first = statements[1];
    if (!first) {
      let end = statements[0].endIndex;
      while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
      return [{ start: end, end, text: `${eol}${indent}import ${name}` }];
    }
    if (text.slice(lineStart(first.startIndex), first.startIndex).trim() !== '') return undefined;
  }
  const start = lineStart(first.startIndex);
  return [{ start, end: start, text: `${indent}import ${name}${eol}` }];
}

/** The logger name bound at module scope to `logging.getLogger(...)`, if any. */
export function moduleLoggerName(module: PythonModule): string | undefined {
  for (const [name, value] of module.globals) {
    if (value === 'logging.getLogger()' || value === 'structlog.get_logger()' || value === 'loguru.logger') return name;
  }
  return undefined;
}
