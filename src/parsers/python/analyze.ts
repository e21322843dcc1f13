import type { Language, Parser, Query, Tree } from '@vscode/tree-sitter-wasm';
import { SkipFile, type RawFinding, type RuleOptions } from '../../core/types';
import { loadTreeSitterLanguage } from '../treeSitter';
import { PythonModule, type Capture, type FunctionInfo } from './module';
import {
  MODULE_NODE_KINDS,
  PYTHON_CONTAINER_KINDS,
  type AncestorEntry,
  type PythonRule,
  type PythonRuleContext,
  type PythonVisitor,
} from './rule';

interface PythonRuntime {
  parser: Parser;
  language: Language;
  /** One compiled capture query per set of node kinds (the module's plus the enabled rules'). */
  queries: Map<string, Query>;
  Query: new (language: Language, source: string) => Query;
}

let runtime: Promise<PythonRuntime> | undefined;

/** Loads the WASM runtime and the Python grammar once. */
export function loadPython(): Promise<PythonRuntime> {
  runtime ??= (async () => {
    const { module, language } = await loadTreeSitterLanguage('python');
    const parser = new module.Parser();
    parser.setLanguage(language);
    return { parser, language, queries: new Map(), Query: module.Query };
  })();
  return runtime;
}

/** The query capturing the module semantics' node kinds and every kind the rules subscribe to, compiled once per set. */
function queryFor(runtime: PythonRuntime, rules: readonly PythonRule[]): Query {
  const kinds = new Set(MODULE_NODE_KINDS);
  for (const rule of rules) for (const kind of Object.keys(rule.visitors)) kinds.add(kind);
  const key = [...kinds].sort().join(' ');
  let query = runtime.queries.get(key);
  if (!query) {
    query = new runtime.Query(runtime.language, [...kinds].map((kind) => `(${kind}) @${kind}`).join('\n'));
    runtime.queries.set(key, query);
  }
  return query;
}

/**
 * The time a parse may take before it is cancelled: real code parses at several MB/s, but
 * tree-sitter's error recovery is super-linear on some invalid input (8 kB of `~/~/…` takes ~20 s),
 * and one such file must not stall the editor or a scan.
 */
export function parseBudgetMs(length: number): number {
  return 1500 + length / 2000;
}

/** Parses Python text; pass the previous tree (after `tree.edit`) for an incremental re-parse. */
export async function parsePython(text: string, previous?: Tree): Promise<Tree> {
  const { parser } = await loadPython();
  const started = performance.now();
  const budget = parseBudgetMs(text.length);
  const tree = parser.parse(text, previous ?? null, { progressCallback: () => performance.now() - started > budget });
  if (!tree) {
    // A cancelled parse keeps its state to resume; the next file must start afresh.
    parser.reset();
    throw new SkipFile(`parsing took over ${(budget / 1000).toFixed(1)} s (pathological input); not analysed`);
  }
  return tree;
}

/** Whether the tree has syntax errors (used by fix-safety checks). */
export function hasSyntaxError(tree: Tree): boolean {
  return tree.rootNode.hasError;
}

export interface PythonAnalysis {
  findings: RawFinding[];
  module: PythonModule;
  /** Findings that hold only if serving code imports this module (PythonRuleContext.reportIfImportedByServing). */
  ifImportedByServing: RawFinding[];
}

/**
 * The walk's captures in document order: the module semantics' node kinds and every kind the rules
 * subscribe to. Outer nodes come first where two start together, so an ancestor stack stays a stack.
 */
export async function captureTree(tree: Tree, rules: readonly PythonRule[] = []): Promise<Capture[]> {
  const raw = queryFor(await loadPython(), rules).captures(tree.rootNode);
  const captures: Capture[] = new Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const node = raw[i].node;
    captures[i] = { kind: raw[i].name, node, start: node.startIndex, end: node.endIndex };
  }
  captures.sort((a, b) => a.start - b.start || b.end - a.end);
  return captures;
}

/**
 * One query walk of the tree (native code: only the node kinds rules subscribe to cross into JS),
 * the module facts built from those captures, then every enabled rule's visitor dispatched per capture.
 */
export async function analyzePythonTree(
  tree: Tree,
  text: string,
  path: string,
  rules: readonly PythonRule[],
  options: RuleOptions,
): Promise<PythonAnalysis> {
  const captures = await captureTree(tree, rules);
  const module = new PythonModule(path, text, captures);
  const findings: RawFinding[] = [];
  const ifImportedByServing: RawFinding[] = [];
  const ancestors: AncestorEntry[] = [];
  let currentRule = '';
  const context: PythonRuleContext & { scope: PythonRuleContext['scope']; servingFunction: PythonRuleContext['servingFunction'] } = {
    module,
    text,
    options,
    ancestors,
    scope: undefined,
    servingFunction: undefined,
    report(start, end, message, fix) {
      findings.push({ ruleId: currentRule, start, end, message, fix });
    },
    reportIfImportedByServing(start, end, message, fix) {
      ifImportedByServing.push({ ruleId: currentRule, start, end, message, fix });
    },
  };

  // Each rule's per-file state, created before the walk and handed to its visitors and `finish`.
  const states: unknown[] = rules.map((rule) => {
    currentRule = rule.id;
    return rule.createState?.(context);
  });
  const dispatch = new Map<string, Array<{ id: string; visit: PythonVisitor; state: unknown }>>();
  rules.forEach((rule, index) => {
    for (const kind of Object.keys(rule.visitors)) {
      const visit = rule.visitors[kind];
      if (!visit) continue;
      let list = dispatch.get(kind);
      if (!list) dispatch.set(kind, (list = []));
      list.push({ id: rule.id, visit, state: states[index] });
    }
  });

  const functionStack: FunctionInfo[] = [];
  for (const capture of captures) {
    while (ancestors.length && ancestors[ancestors.length - 1].end <= capture.start) {
      if (ancestors.pop()!.kind === 'function_definition') functionStack.pop();
    }
    const listeners = dispatch.get(capture.kind);
    if (listeners) {
      context.scope = functionStack[functionStack.length - 1];
      context.servingFunction = module.servingFunctionOf(context.scope);
      for (const { id, visit, state } of listeners) {
        currentRule = id;
        visit(capture.node, context, state);
      }
    }
    if (PYTHON_CONTAINER_KINDS.has(capture.kind)) {
      ancestors.push({ kind: capture.kind, node: capture.node, start: capture.start, end: capture.end });
      if (capture.kind === 'function_definition') functionStack.push(module.functionStartingAt(capture.start)!);
    }
  }
  ancestors.length = 0;
  context.scope = undefined;
  context.servingFunction = undefined;
  rules.forEach((rule, index) => {
    if (!rule.finish) return;
    currentRule = rule.id;
    rule.finish(context, states[index]);
  });
  return { findings, module, ifImportedByServing };
}
