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

export type PythonVisitor = (node: Node, context: PythonRuleContext) => void;

/**
 * A rule's Python implementation: visitors keyed by the tree-sitter node kind they subscribe to
 * (the engine compiles one query over the kinds the enabled rules and the module semantics use),
 * and an optional `finish` after the walk, for module-level findings (missing-logging).
 */
export interface PythonRuleImplementation {
  visitors: Partial<Record<string, PythonVisitor>>;
  finish?(context: PythonRuleContext): void;
}

/** A Python implementation the engine hands the adapter, with its rule's id. */
export type PythonRule = Active<PythonRuleImplementation>;
