import type { Node } from '@vscode/tree-sitter-wasm';
import type { Active } from '../../core/rule';
import type { Fix, RuleOptions } from '../../core/types';
import type { FunctionInfo, PythonModule } from './module';

/**
 * The node kinds the module semantics (scopes, bindings, serving detection, facts) read; the walk's
 * query captures these plus whatever kinds the enabled rules subscribe to.
 */
export const MODULE_NODE_KINDS: readonly string[] = [
  'call',
  'subscript',
  'assignment',
  'import_statement',
  'import_from_statement',
  'function_definition',
  'class_definition',
  'try_statement',
  'except_clause',
  'with_statement',
  'for_statement',
  'if_statement',
  'conditional_expression',
];

/** Container nodes the engine keeps on the ancestor stack while it dispatches captures. */
export const PYTHON_CONTAINER_KINDS: ReadonlySet<string> = new Set([
  'function_definition',
  'class_definition',
  'try_statement',
  'except_clause',
  'with_statement',
  'if_statement',
  'conditional_expression',
]);

export interface AncestorEntry {
  kind: string;
  node: Node;
  start: number;
  end: number;
}

export interface PythonRuleContext {
  readonly module: PythonModule;
  readonly text: string;
  readonly options: RuleOptions;
  /** Container nodes enclosing the current capture, outermost first. */
  readonly ancestors: readonly AncestorEntry[];
  /** The innermost function enclosing the current capture. */
  readonly scope: FunctionInfo | undefined;
  /** The serving function the current capture runs in (a nested function of one counts), if any. */
  readonly servingFunction: FunctionInfo | undefined;
  /** Report a finding for the current rule, between two UTF-16 offsets. */
  report(start: number, end: number, message: string, fix?: Fix): void;
  /**
   * A finding that holds only if serving code imports this module (rules.md: print-logging in "a
   * module that contains serving code or is imported by one"). The workspace pass reports it when a
   * serving module of the project imports this file.
   */
  reportIfImportedByServing(start: number, end: number, message: string, fix?: Fix): void;
}

/** A visitor: the captured node, the walk's context, and the rule's state for this file (`createState`). */
export type PythonVisitor<S = unknown> = (node: Node, context: PythonRuleContext, state: S) => void;

/**
 * A rule's Python implementation: visitors keyed by the tree-sitter node kind they subscribe to
 * (the engine compiles one query over the kinds the enabled rules and the module semantics use),
 * and an optional `finish` after the walk, for module-level findings (missing-logging).
 *
 * A rule that remembers things while the walk runs (bindings seen so far, candidates decided in
 * `finish`) declares `createState`: the walk calls it once per file, before the first visitor, and
 * hands its result to every visitor and to `finish`. The state lives exactly as long as that file's
 * walk, so rules need no module-keyed caches. Write such a rule with `definePython<State>({...})`,
 * which types the state through the visitors.
 */
export interface PythonRuleImplementation<S = unknown> {
  createState?(context: PythonRuleContext): S;
  visitors: Partial<Record<string, PythonVisitor<S>>>;
  finish?(context: PythonRuleContext, state: S): void;
}

/**
 * Types a Python implementation's per-file state once: `createState` returns `S`, and every visitor
 * and `finish` receive that `S`. The engine holds implementations with the state type erased.
 */
export function definePython<S>(
  implementation: PythonRuleImplementation<S> & { createState(context: PythonRuleContext): S },
): PythonRuleImplementation {
  return implementation as unknown as PythonRuleImplementation;
}

/** A Python implementation the engine hands the adapter, with its rule's id. */
export type PythonRule = Active<PythonRuleImplementation>;
