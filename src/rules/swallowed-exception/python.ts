import type { Node } from '@vscode/tree-sitter-wasm';
import { detectEol } from '../../core/text';
import type { TextEdit } from '../../core/types';
import type { FunctionInfo, PythonModule } from '../../parsers/python/module';
import { loggerEdits } from '../../parsers/python/logging';
import type { PythonRuleImplementation } from '../../parsers/python/rule';

/**
 * swallowed-exception: a handler that catches everything (`except:`, `except Exception:`,
 * `except BaseException:`, or a tuple naming one of them) and then does nothing — its body is only
 * `pass`, `...`, `continue`, or a bare `return`/`return None`. The failure vanishes without a trace.
 * Narrow handlers (`except KeyError: pass`) are a deliberate choice and are left alone, as are
 * handlers that log, re-raise, or assign/return a value.
 */

const BROAD = new Set(['Exception', 'BaseException']);

function isBroadType(node: Node, module: PythonModule, scope: FunctionInfo | undefined): boolean {
  if (node.type === 'tuple' || node.type === 'parenthesized_expression') {
    return node.namedChildren.some((child) => child !== null && isBroadType(child, module, scope));
  }
  if (node.type !== 'identifier' && node.type !== 'attribute') return false;
  const qualified = module.qualify(node, scope);
  return qualified !== undefined && (BROAD.has(qualified) || BROAD.has(qualified.replace(/^builtins\./, '')));
}

/** `\s` and `\w` of one character (`undefined` before the start of the text). */
const isSpace = (ch: string | undefined) => ch !== undefined && ch.trim() === '';
const isWordChar = (ch: string | undefined) => ch !== undefined && /\w/.test(ch);

/**
 * `ValueError as err:` → `ValueError`, `(KeyError, IndexError) :` → `(KeyError, IndexError)`: the
 * handler header without its ` as name` binding and final colon. Read backwards from the colon, so a
 * long run of spaces costs one pass (the `$`-anchored regex this replaces was retried at every space).
 */
function withoutBindingAndColon(header: string): string {
  if (!header.endsWith(':')) return header;
  // Backwards: the spaces before the colon, the bound name, the spaces before it, `as`, the spaces before that.
  let end = header.length - 1;
  while (isSpace(header[end - 1])) end--;
  let name = end;
  while (isWordChar(header[name - 1])) name--;
  let afterAs = name;
  while (isSpace(header[afterAs - 1])) afterAs--;
  if (name < end && afterAs < name && afterAs >= 2 && header.slice(afterAs - 2, afterAs) === 'as') {
    let binding = afterAs - 2;
    while (isSpace(header[binding - 1])) binding--;
    if (binding < afterAs - 2) return header.slice(0, binding);
  }
  return header.slice(0, end);
}

/** Whether a statement does nothing with the error. */
function isSilent(statement: Node): boolean {
  switch (statement.type) {
    case 'pass_statement':
    case 'continue_statement':
      return true;
    case 'expression_statement':
      return statement.namedChildCount === 1 && statement.namedChild(0)?.type === 'ellipsis';
    case 'return_statement': {
      const value = statement.namedChild(0);
      return value === null || value.type === 'none';
    }
    default:
      return false;
  }
}

/** The handler body's first statement when every statement in it is silent (else undefined). */
function firstSilentBody(block: Node): Node | undefined {
  let first: Node | undefined;
  // Stop at the first statement that does something: a long handler costs one or two node reads.
  for (let i = 0, count = block.namedChildCount; i < count; i++) {
    const statement = block.namedChild(i);
    if (!statement || statement.type === 'comment') continue;
    if (!isSilent(statement)) return undefined;
    first ??= statement;
  }
  return first;
}

export const python: PythonRuleImplementation = {
  visitors: {
    except_clause(node, context) {
      let block: Node | null = null;
      let colon: Node | null = null;
      let type: Node | null = null;
      for (const child of node.children) {
        if (!child) continue;
        if (child.type === 'block') block = child;
        else if (child.type === ':') colon = child;
        else if (child.isNamed && child.type !== 'comment' && !type) type = child;
      }
      if (!block || !colon) return;
      if (type?.type === 'as_pattern') type = type.namedChild(0);
      if (type && !isBroadType(type, context.module, context.scope)) return;
      const first = firstSilentBody(block);
      if (!first) return;
      const header = context.text.slice(node.startIndex, colon.endIndex);
      const caught = type ? withoutBindingAndColon(header.replace(/^except\s*/, '')) : '';
      const what = type ? `except ${caught.replace(/\s+/g, ' ')}` : 'bare except';
      const effect = type ? '' : ' (it also catches KeyboardInterrupt and SystemExit)';
      const logger = loggerEdits(context.module, context.scope);
      const where = context.scope ? ` in ${context.scope.name}()` : '';
      const fix = logger && {
        description: `Log the exception with ${logger.name}.exception()`,
        edits: [logInsertion(context.text, colon, first, `${logger.name}.exception("Ignored exception${where}")`), ...logger.edits],
        safe: true,
      };
      context.report(
        node.startIndex,
        colon.endIndex,
        `${what} discards the error${effect}: the failure disappears without a log line; log it with ${logger?.name ?? 'logger'}.exception()`,
        fix,
      );
    },
  },
};

/** Puts the log call before the handler's first statement (replacing a lone `pass`/`...`). */
function logInsertion(text: string, colon: Node, first: Node, call: string): TextEdit {
  const replaces = first.type === 'pass_statement' || first.type === 'expression_statement';
  const sameLine = !/[\r\n]/.test(text.slice(colon.endIndex, first.startIndex));
  if (replaces && first.nextNamedSibling === null) return { start: first.startIndex, end: first.endIndex, text: call };
  if (sameLine) return { start: first.startIndex, end: first.startIndex, text: `${call}; ` };
  let lineStart = first.startIndex;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  const indent = text.slice(lineStart, first.startIndex);
  return { start: first.startIndex, end: first.startIndex, text: `${call}${detectEol(text)}${indent}` };
}
