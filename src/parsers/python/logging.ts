import type { TextEdit } from '../../core/types';
import { selfContainedFunction } from './ast';
import { insertImport, insertModuleLines, mergeInsertions } from './insertion';
import type { FunctionInfo, PythonModule } from './module';

/**
 * Which logger a Python module has, and the edits that give it one. Shared by the rules whose fixes
 * call a logger (print-logging, missing-logging) and by any other rule that inserts logging code.
 */

/** How the logger formats positional arguments: stdlib `%s`, loguru `{}`, or unknown (structlog, a re-export). */
export type LoggerStyle = 'percent' | 'brace' | 'unknown';

export interface ModuleLogger {
  /** The name to call (`logger`, `log`, `LOGGER`). */
  name: string;
  style: LoggerStyle;
  /** Edits that create it (empty when the module already binds it). */
  edits: TextEdit[];
  /** The edits also configure logging (`logging.basicConfig`). */
  configures?: boolean;
}

const LOGGER_LIKE_NAME = /^_*(logger|log|LOGGER|LOG|Logger)$|_(logger|log|LOGGER|LOG)$/;
/** Logging libraries: importing any of them is using a logger. */
const LOGGING_MODULES = ['logging', 'loguru', 'structlog', 'logbook', 'picologging', 'eliot', 'absl.logging', 'google.cloud.logging'];

const MATH_MODULES = /^(?:math|cmath|numpy|torch|jax|tensorflow|scipy|sympy|mpmath|cupy)\b/;

/** The style of a module-level binding's qualified value, when it is a logger. */
function styleOf(value: string | null | undefined, name: string): LoggerStyle | undefined {
  if (!value) return undefined;
  if (/^(logging|picologging)\.(getLogger|getLoggerClass|root|LoggerAdapter)(\(\))?$/.test(value)) return 'percent';
  if (value === 'logging' || value === 'picologging') return undefined;
  if (/^loguru\.logger(\.\w+\(\))?$/.test(value)) return 'brace';
  if (/^structlog\./.test(value)) return 'unknown';
  // `from app.log import logger`, `logger = get_logger(__name__)` from a helper module.
  if (LOGGER_LIKE_NAME.test(name) && (/logg/i.test(value) || (/\.log$/.test(value) && !MATH_MODULES.test(value)))) {
    return /loguru/.test(value) ? 'brace' : 'unknown';
  }
  return undefined;
}

/** The module-level logger already bound in this module, if any. */
export function existingLogger(module: PythonModule): { name: string; style: LoggerStyle } | undefined {
  let fallback: { name: string; style: LoggerStyle } | undefined;
  for (const [name, value] of module.globals) {
    const style = styleOf(value, name);
    if (!style) continue;
    // Prefer a stdlib logger, then the conventional names.
    if (style === 'percent') return { name, style };
    fallback ??= { name, style };
  }
  return fallback;
}

/** Whether the module imports a logging library or binds a logger (what `missing-logging` asks). */
export function hasLogging(module: PythonModule): boolean {
  for (const entry of module.importedModules) {
    const name = entry.module;
    if (LOGGING_MODULES.some((m) => name === m || name.startsWith(m + '.'))) return true;
    // `from app.utils import logging_setup`, `from .log import get_logger`, `from transformers.utils import logging`.
    if (/(^|[._])(log|logs|logger|logging|loggers)($|[._])/i.test(name)) return true;
  }
  for (const [name, value] of module.globals) {
    // `log = get_logger()`, `from app.log import log`; not `from math import log`.
    if (LOGGER_LIKE_NAME.test(name) && value && (/logg/i.test(value) || (/\.log$/.test(value) && !MATH_MODULES.test(value)))) return true;
    if (name === 'logging' || styleOf(value, name)) return true;
  }
  return false;
}

/**
 * The logger a fix should call from `scope`, with the edits that create a stdlib one when the module
 * has none: `import logging` (or the module's alias of it), placed with the standard-library
 * imports, and `logger = logging.getLogger(__name__)` after the imports. With `configure`, the
 * module also gets `logging.basicConfig(level=logging.INFO)` before that line, so the messages reach
 * the process's output (see `needsLoggingConfiguration`). Undefined when no name is free to use
 * safely (a local shadows it, or `logging` is bound to something else), or when `scope` runs on its
 * own (a KFP component, where module-level names are not in scope).
 */
export function loggerEdits(module: PythonModule, scope?: FunctionInfo, options: { configure?: boolean } = {}): ModuleLogger | undefined {
  if (selfContainedFunction(scope)) return undefined;
  const existing = existingLogger(module);
  const configure = options.configure === true && (!existing || existing.style === 'percent');
  if (existing) {
    // A local or parameter of the same name would capture the call.
    if (module.lookup(existing.name, scope) !== (module.globals.get(existing.name) ?? undefined)) return undefined;
    if (!configure) return { ...existing, edits: [] };
  }
  const name =
    existing?.name ??
    ['logger', 'log', '_logger'].find((candidate) => !module.globals.has(candidate) && module.lookup(candidate, scope) === candidate);
  if (!name) return undefined;
  const edits: TextEdit[] = [];
  let logging = 'logging';
  const alias = [...module.globals].find(([, value]) => value === 'logging')?.[0];
  if (alias) logging = alias;
  else if (module.globals.has('logging')) return undefined;
  else edits.push(insertImport(module, 'logging'));
  const lines: string[] = [];
  if (configure) lines.push(`${logging}.basicConfig(level=${logging}.INFO)`);
  if (!existing) lines.push(`${name} = ${logging}.getLogger(__name__)`);
  edits.push(insertModuleLines(module, lines));
  return { name, style: existing?.style ?? 'percent', edits: mergeInsertions(edits), configures: configure };
}

/** Calls that configure logging output: stdlib `basicConfig`/`dictConfig`/`fileConfig`, a root handler, coloredlogs. */
const CONFIGURES_LOGGING =
  /\b(?:basicConfig|dictConfig|fileConfig)\s*\(|\bcoloredlogs\.install\s*\(|getLogger\(\s*\)\.(?:addHandler|setLevel)\s*\(|\blog_config\s*=/;

/** Whether the module configures where log records go (or logs through a library that needs no configuration). */
export function configuresLogging(module: PythonModule): boolean {
  // loguru and structlog write to the console without any configuration.
  if (module.imports('loguru') || module.imports('structlog')) return true;
  return CONFIGURES_LOGGING.test(module.text);
}

/** Whether the module runs as a program: a `__main__` block, or a server started from it (`uvicorn.run`, `app.run`). */
export function isScriptEntry(module: PythonModule): boolean {
  if (module.mainGuards.length) return true;
  return /(?:^|[^\w.])(?:uvicorn\.run|\w*app\.run|web\.run_app)\s*\(/m.test(module.text);
}

/**
 * Whether a fix that starts logging through a stdlib logger must also configure logging, so the
 * records reach the container's output: an unconfigured logger drops everything below WARNING. The
 * one place this is decided (R2.2): today, when the module runs as a script entry and configures
 * nothing itself; the deployment model can widen it to "no module of the deployed code configures
 * logging".
 */
export function needsLoggingConfiguration(module: PythonModule): boolean {
  return isScriptEntry(module) && !configuresLogging(module);
}
