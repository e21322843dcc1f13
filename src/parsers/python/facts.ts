import type { Node } from '@vscode/tree-sitter-wasm';
import type { EnvRead, FileFacts, ImportFact } from '../../core/project';
import { stringValue, type PythonModule } from './module';
import { importsMetricsLibrary, webAppsOf } from './webApps';

/** What a Python module contributes to the workspace pass: environment reads and imports. */
export function pythonProjectFacts(module: PythonModule): FileFacts {
  const envReads: EnvRead[] = [];
  for (const capture of module.captures) {
    if (capture.kind === 'subscript') {
      const read = environSubscript(capture.node, module);
      if (read) envReads.push(read);
    } else if (capture.kind === 'call') {
      const read = environGet(capture.node, module);
      if (read) envReads.push(read);
    }
  }
  const pythonImports: ImportFact[] = module.importedModules
    .filter((entry) => entry.level === 0 && entry.module)
    .map((entry) => ({ module: entry.module.split('.')[0], start: entry.start, end: entry.end }));
  const moduleImports = module.importedModules.map((entry) => ({ module: entry.module, level: entry.level, names: entry.names ?? [] }));
  const facts: FileFacts = {
    envReads,
    pythonImports,
    moduleImports,
    servingModule: module.hasServingCode,
    providesModule: module.moduleName,
  };
  const webApps = webAppsOf(module);
  if (webApps.length) facts.webApps = webApps.map((app) => ({ framework: app.framework, start: app.start, end: app.end }));
  if (importsMetricsLibrary(module)) facts.metricsLibraryImported = true;
  return facts;
}

/** `os.environ["X"]` read (not written). */
function environSubscript(node: Node, module: PythonModule): EnvRead | undefined {
  const value = node.childForFieldName('value');
  // Cheap text check first: resolving scopes for every subscript would cost more than the read is worth.
  if (!value || !module.text.slice(value.startIndex, value.endIndex).endsWith('environ')) return undefined;
  if (module.qualify(value, module.functionAt(node.startIndex)) !== 'os.environ') return undefined;
  const parent = node.parent;
  if (parent?.type === 'assignment' && parent.childForFieldName('left')?.startIndex === node.startIndex) return undefined;
  if (parent?.type === 'delete_statement') return undefined;
  const name = stringValue(node.childForFieldName('subscript'), module.text);
  if (!name) return undefined;
  return {
    name,
    start: node.startIndex,
    end: node.endIndex,
    hasDefault: false,
    missing: 'raises',
    inFunction: module.functionAt(node.startIndex)?.name,
  };
}

/** `os.environ.get("X"[, default])` / `os.getenv("X"[, default])`. */
function environGet(node: Node, module: PythonModule): EnvRead | undefined {
  const fn = node.childForFieldName('function');
  if (!fn || !/(getenv|\.get)$/.test(module.text.slice(fn.startIndex, fn.endIndex))) return undefined;
  const callee = module.qualify(fn, module.functionAt(node.startIndex));
  if (callee !== 'os.environ.get' && callee !== 'os.getenv') return undefined;
  const args = node.childForFieldName('arguments')?.namedChildren ?? [];
  const name = stringValue(args[0] ?? null, module.text);
  if (!name) return undefined;
  const hasDefault = args.length > 1;
  return {
    name,
    start: node.startIndex,
    end: node.endIndex,
    hasDefault,
    missing: 'none',
    inFunction: module.functionAt(node.startIndex)?.name,
  };
}
