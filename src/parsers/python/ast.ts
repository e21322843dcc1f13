import type { Node } from '@vscode/tree-sitter-wasm';
import type { TextEdit } from '../../core/types';
import { detectEol } from '../../core/text';
import { insertModuleLines } from './insertion';
import type { PythonModule } from './module';

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
 * Edits that make `import <name>` available at module scope (nothing if it already is), inserted
 * after the module's docstring and leading imports. Returns the edit text so several rules insert identical lines.
 */
export function ensureImport(module: PythonModule, name: string): TextEdit[] {
  if (hasModuleImport(module, name)) return [];
  return [insertModuleLines(module, [`import ${name}`])];
}

/** The logger name bound at module scope to `logging.getLogger(...)`, if any. */
export function moduleLoggerName(module: PythonModule): string | undefined {
  for (const [name, value] of module.globals) {
    if (value === 'logging.getLogger()' || value === 'structlog.get_logger()' || value === 'loguru.logger') return name;
  }
  return undefined;
}
