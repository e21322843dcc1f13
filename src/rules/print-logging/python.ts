import type { Node } from '@vscode/tree-sitter-wasm';
import type { Fix } from '../../core/types';
import { callParts } from '../../parsers/python/ast';
import { readStringLiteral, requote } from '../../parsers/python/literals';
import { existingLogger, loggerEdits, needsLoggingConfiguration, type ModuleLogger } from '../../parsers/python/logging';
import type { FunctionInfo, PythonModule } from '../../parsers/python/module';
import { definePython, type PythonRuleContext } from '../../parsers/python/rule';

/**
 * print-logging: the builtin `print(...)` in a module that has serving code, outside
 * `if __name__ == "__main__":`, tests, `scripts/`, notebooks and click/typer commands (whose printed
 * output is the program's result). The fix turns it into one logger call with a %-style message.
 */

const SCRIPTS_DIR = /(^|\/)scripts\//;

/** Notebooks, `scripts/` and tests never get print-logging, whoever imports them. */
function moduleExcluded(module: PythonModule): boolean {
  const path = module.path.replace(/\\/g, '/');
  return /\.ipynb$/i.test(path) || SCRIPTS_DIR.test(path) || module.isTestFile;
}

/** Functions decorated `@click.command()`, `@app.command()` (typer), `@cli.command("x")`, `@app.callback()` (typer). */
function inCommand(scope: FunctionInfo | undefined): boolean {
  for (let fn = scope; fn; fn = fn.parent) {
    if (fn.decorators.some((d) => /(^|\.)(command|group)$/.test(d) || /^typer\.Typer\(\)\.callback$/.test(d))) return true;
  }
  return false;
}

function isStdStream(node: Node | undefined, context: PythonRuleContext, stream: 'stdout' | 'stderr'): boolean {
  if (!node) return false;
  return context.module.qualify(node, context.scope) === `sys.${stream}`;
}

/** The replacement call text, or undefined when the print cannot be rewritten faithfully. */
function rewrite(call: Node, context: PythonRuleContext, logger: ModuleLogger): { text: string; level: string } | undefined {
  const text = context.text;
  const parts = callParts(call);
  const args = parts.arguments;
  if (!args || args.type !== 'argument_list' || parts.hasKeywordSplat || parts.hasPositionalSplat) return undefined;
  if (args.namedChildren.some((c) => c?.type === 'comment')) return undefined;
  let level = 'info';
  let separator = ' ';
  for (const [keyword, value] of parts.keywords) {
    if (keyword === 'file') {
      if (isStdStream(value, context, 'stderr')) level = 'error';
      else if (!isStdStream(value, context, 'stdout')) return undefined;
    } else if (keyword === 'sep') {
      const literal = value.type === 'string' ? readStringLiteral(text, value.startIndex) : undefined;
      if (!literal || literal.prefix !== '' || literal.quote.length !== 1) return undefined;
      separator = literal.quote === '"' ? literal.value : requote(literal.value, literal.quote).slice(1, -1);
    } else if (keyword === 'end') {
      // Each log record is its own line; a literal end only changed what follows the text.
      if (value.type !== 'string' || readStringLiteral(text, value.startIndex)?.isFString !== false) return undefined;
    } else if (keyword !== 'flush') {
      return undefined;
    }
  }
  const positional = parts.positional;
  if (positional.length === 0) return undefined;
  const source = (node: Node) => text.slice(node.startIndex, node.endIndex);
  if (positional.length === 1) {
    const only = positional[0];
    const literal = only.type === 'string' ? readStringLiteral(text, only.startIndex) : undefined;
    // A string literal (f-strings too) becomes the message as it is.
    if (literal && !literal.isBytes && literal.end === only.endIndex) return { text: `${logger.name}.${level}(${source(only)})`, level };
    if (only.type === 'concatenated_string' && !/(^|\s)[rRuU]?[bB]/.test(source(only))) {
      return { text: `${logger.name}.${level}(${source(only)})`, level };
    }
    if (logger.style === 'unknown') return undefined;
    return { text: `${logger.name}.${level}(${logger.style === 'percent' ? '"%s"' : '"{}"'}, ${source(only)})`, level };
  }
  if (logger.style === 'unknown') return undefined;
  const pieces: string[] = [];
  const values: string[] = [];
  const placeholder = logger.style === 'percent' ? '%s' : '{}';
  for (const arg of positional) {
    const literal = arg.type === 'string' ? readStringLiteral(text, arg.startIndex) : undefined;
    if (literal && literal.prefix === '' && literal.quote.length === 1 && literal.end === arg.endIndex) {
      pieces.push(literal.quote === '"' ? literal.value : requote(literal.value, literal.quote).slice(1, -1));
    } else {
      pieces.push(placeholder);
      values.push(source(arg));
    }
  }
  if (values.length) {
    // Literal text inside a format string must not read as a placeholder.
    for (let i = 0; i < pieces.length; i++) {
      if (pieces[i] === placeholder) continue;
      pieces[i] = logger.style === 'percent' ? pieces[i].replace(/%/g, '%%') : pieces[i].replace(/[{}]/g, (b) => b + b);
    }
  }
  const sep = !values.length
    ? separator
    : logger.style === 'percent'
      ? separator.replace(/%/g, '%%')
      : separator.replace(/[{}]/g, (b) => b + b);
  const message = `"${pieces.join(sep)}"`;
  return { text: `${logger.name}.${level}(${[message, ...values].join(', ')})`, level };
}

/** Where module code first binds an existing logger name (assignment or import); past the end when not found. */
function boundAt(state: State, text: string, name: string): number {
  let at = state.boundAt.get(name);
  if (at === undefined) state.boundAt.set(name, (at = scanBoundAt(text, name)));
  return at;
}

interface State {
  /** Logger name → where module code first binds it (a text scan, once per file and name). */
  boundAt: Map<string, number>;
  /** Whether fixes must also configure logging (`needsLoggingConfiguration`), decided once per file. */
  configure?: boolean;
}

function scanBoundAt(text: string, name: string): number {
  const assigned = new RegExp(`^${name}[ \\t]*(?::[^=\\n]*)?=[^=]`, 'm').exec(text)?.index ?? Infinity;
  const imported = new RegExp(`^[ \\t]*(?:from[ \\t]+\\S+[ \\t]+)?import\\b[^\\n]*\\b${name}\\b`, 'm').exec(text)?.index ?? Infinity;
  return Math.min(assigned, imported);
}

export const python = definePython<State>({
  createState: () => ({ boundAt: new Map() }),
  visitors: {
    call(node, context, state) {
      const text = context.text;
      const start = node.startIndex;
      // Cheap text check first: almost no call is a print.
      if (!text.startsWith('print', start) || !/^\s*\(/.test(text.slice(start + 5, start + 16))) return;
      const module = context.module;
      if (moduleExcluded(module)) return;
      const callee = node.childForFieldName('function');
      if (callee?.type !== 'identifier' || module.qualify(callee, context.scope) !== 'print') return;
      if (module.inMainGuard(start) || inCommand(context.scope)) return;
      const parts = callParts(node);
      const file = parts.keywords.get('file');
      // print(..., file=f) writes to a file: that is output, not logging.
      if (file && !isStdStream(file, context, 'stdout') && !isStdStream(file, context, 'stderr')) return;
      const toStderr = isStdStream(file, context, 'stderr');
      state.configure ??= needsLoggingConfiguration(module);
      const logger = loggerEdits(module, context.scope, { configure: state.configure });
      let fix: Fix | undefined;
      const replacement = logger && rewrite(node, context, logger);
      // Module-level code above the inserted logger would run before the logger exists.
      // (Only module-level prints need it: the text scan runs once per module and name.)
      const beforeLogger = () =>
        start <
        (existingLogger(module) ? boundAt(state, text, logger!.name) : (logger!.edits[logger!.edits.length - 1]?.start ?? Infinity));
      if (logger && replacement && (context.scope !== undefined || !beforeLogger())) {
        fix = {
          description: `Replace print() with ${logger.name}.${replacement.level}()${logger.configures ? ', configuring logging so INFO records reach the output' : ''}`,
          edits: [{ start, end: node.endIndex, text: replacement.text }, ...logger.edits],
          safe: true,
        };
      }
      const where = module.hasServingCode ? 'in a serving module' : 'in a module imported by serving code';
      const message = `print() ${where} writes unstructured text to stdout with no level, timestamp or request context, which log pipelines cannot filter or alert on; use ${logger?.name ?? 'a logger'}.${toStderr ? 'error' : 'info'}() from the logging module`;
      // A module without serving code: the finding holds if serving code imports it (the workspace pass decides).
      if (module.hasServingCode) context.report(start, node.endIndex, message, fix);
      else context.reportIfImportedByServing(start, node.endIndex, message, fix);
    },
  },
});
