import type { Node } from '@vscode/tree-sitter-wasm';
import { detectEol, indentationAt } from '../../core/text';
import type { TextEdit } from '../../core/types';
import { insertModuleLines } from '../../parsers/python/insertion';
import type { FunctionInfo, PythonModule } from '../../parsers/python/module';

/**
 * Which serving framework runs a Python serving function, and how that framework answers an error
 * (rules.md R2.2, R2.5, R2.6): the missing-fallback fix raises or returns the framework's own 503,
 * never a 200 with another body; in the model-server frameworks it logs and re-raises, which those
 * servers turn into their own error response.
 */

export type Framework = 'fastapi' | 'starlette' | 'flask' | 'quart' | 'aiohttp' | 'lambda' | 'bentoml' | 'model-server' | 'ray-serve';

const SERVE_DEPLOYMENT = /(^|\.)serve\.deployment$/;

/** The framework a serving function belongs to, or undefined when the analyser cannot tell. */
export function frameworkOf(serving: FunctionInfo, module: PythonModule): Framework | undefined {
  switch (serving.serving) {
    case 'lambda':
      return 'lambda';
    case 'model-server':
    case 'torchserve':
      return 'model-server';
    case 'ray-serve':
      return 'ray-serve';
    case 'aiohttp':
      return 'aiohttp';
    case undefined:
      return undefined;
  }
  for (const decorator of serving.decorators) {
    if (/^bentoml\.(api|task)$|^bentoml\.Service\(\)\.api$/.test(decorator)) return 'bentoml';
    const root = decorator.split('.')[0];
    if (root === 'fastapi' || root === 'starlette' || root === 'flask' || root === 'quart' || root === 'aiohttp') return root;
  }
  // A route on an app the analyser cannot trace (imported from another module): the module's own imports decide.
  for (const framework of ['fastapi', 'flask', 'quart', 'starlette'] as const) if (module.imports(framework)) return framework;
  return undefined;
}

/**
 * R2.5/R2.6: in KServe, TorchServe, Seldon, MLServer, BentoML and Ray Serve methods, a handler that
 * logs the error and re-raises counts as handling — the server answers with its own error response.
 */
export function reraiseIsHandling(serving: FunctionInfo, framework: Framework | undefined): boolean {
  if (framework === 'model-server' || framework === 'ray-serve' || framework === 'bentoml') return true;
  return serving.classInfo?.decorators.some((decorator) => SERVE_DEPLOYMENT.test(decorator)) ?? false;
}

const LOG_METHODS = /^(exception|error|warning|warn|critical|fatal|info|debug|log|opt)$/;
const LOGGER_RECEIVER = /(^|\.)_*(logger|log|logging|LOGGER|LOG|Logger|structlog\.get_logger\(\))$/;

/** Whether an `except` clause's body calls a logger (`logger.exception(...)`, `self.log.error(...)`, `logging.error(...)`). */
export function handlerLogs(handler: Node, loggerName: string | undefined): boolean {
  for (const call of handler.descendantsOfType('call')) {
    const callee = call?.childForFieldName('function');
    if (callee?.type !== 'attribute') continue;
    const method = callee.childForFieldName('attribute')?.text ?? '';
    const receiver = callee.childForFieldName('object')?.text.replace(/\s+/g, '') ?? '';
    if (!LOG_METHODS.test(method)) continue;
    if (LOGGER_RECEIVER.test(receiver) || (loggerName !== undefined && receiver === loggerName)) return true;
  }
  return false;
}

/**
 * The expression naming `name` from module `from` as the code would write it: an existing binding
 * (`HTTPException`, `fastapi.HTTPException`), or `name` with the edit that imports it. Undefined when
 * `name` is taken by something else here.
 */
export function importedName(
  module: PythonModule,
  scope: FunctionInfo | undefined,
  from: string,
  name: string,
  alternatives: readonly string[] = [],
): { expression: string; edits: TextEdit[] } | undefined {
  const wanted = new Set([`${from}.${name}`, ...alternatives]);
  for (const [bound, value] of module.globals) {
    if (value && wanted.has(value) && module.lookup(bound, scope) === value) return { expression: bound, edits: [] };
  }
  for (const [bound, value] of module.globals) {
    // `import fastapi` / `import starlette.exceptions as se`: the attribute of the module binding.
    if (value === from && module.lookup(bound, scope) === value && from.split('.').length === 1) {
      return { expression: `${bound}.${name}`, edits: [] };
    }
  }
  if (module.globals.has(name) || module.lookup(name, scope) !== name) return undefined;
  return { expression: name, edits: [importFromEdit(module, from, name)] };
}

/**
 * Adds `name` to the module's top-level `from <from> import ...` statement, in the position isort
 * and ruff give it (constants, then classes, then the rest, each alphabetical), or inserts a new
 * `from <from> import <name>` line with the module's other imports.
 */
function importFromEdit(module: PythonModule, from: string, name: string): TextEdit {
  const text = module.text;
  for (const capture of module.captures) {
    if (capture.kind !== 'import_from_statement' || capture.node.parent?.type !== 'module') continue;
    const statement = capture.node;
    if (statement.childForFieldName('module_name')?.text !== from) continue;
    const names = statement.childrenForFieldName('name').filter((child): child is Node => child !== null);
    if (!names.length) continue;
    const source = text.slice(statement.startIndex, statement.endIndex);
    const parenthesised = source.includes('(') && /[\r\n]/.test(source);
    const eol = detectEol(text);
    const after = names.find((child) => compareImported(importedNameOf(child), name) > 0);
    if (after) {
      const insert = parenthesised ? `${name},${eol}${indentationAt(text, after.startIndex)}` : `${name}, `;
      return { start: after.startIndex, end: after.startIndex, text: insert };
    }
    const last = names[names.length - 1];
    if (parenthesised) {
      const indent = indentationAt(text, last.startIndex);
      const comma = text.slice(last.endIndex, statement.endIndex).indexOf(',');
      if (comma >= 0) return { start: last.endIndex + comma + 1, end: last.endIndex + comma + 1, text: `${eol}${indent}${name},` };
      return { start: last.endIndex, end: last.endIndex, text: `,${eol}${indent}${name}` };
    }
    return { start: last.endIndex, end: last.endIndex, text: `, ${name}` };
  }
  return insertModuleLines(module, [`from ${from} import ${name}`]);
}

function importedNameOf(node: Node): string {
  return (node.type === 'aliased_import' ? node.childForFieldName('name')?.text : node.text) ?? '';
}

/** isort's and ruff's default order of imported names: CONSTANTS, then Classes, then the rest, case-insensitively. */
function compareImported(a: string, b: string): number {
  const rank = (name: string) => (name.length > 1 && name === name.toUpperCase() && /[A-Z]/.test(name) ? 0 : /^[A-Z]/.test(name) ? 1 : 2);
  return rank(a) - rank(b) || (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);
}

/** Merges insertions at one offset into one edit, so a fix never holds two edits whose order is arbitrary. */
export function mergeInsertions(edits: TextEdit[]): TextEdit[] {
  const merged: TextEdit[] = [];
  for (const edit of edits) {
    const same = merged.find((other) => other.start === edit.start && other.end === edit.start && edit.end === edit.start);
    if (same) same.text += edit.text;
    else merged.push({ ...edit });
  }
  return merged;
}
