import type { Node } from '@vscode/tree-sitter-wasm';
import type { Fix, RuleOptions } from '../../core/types';
import type { FunctionInfo, PythonModule } from './module';

/** The node kinds the single query walk captures; a Python rule subscribes to any of them. */
export const PYTHON_NODE_KINDS = [
  'call',
  'string',
  'attribute',
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
  'keyword_argument',
] as const;
export type PythonNodeKind = (typeof PYTHON_NODE_KINDS)[number];

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

export interface PythonRule {
  id: string;
  visitors: Partial<Record<PythonNodeKind, PythonVisitor>>;
  /** Runs once after the walk: for module-level findings (e.g. missing-logging). */
  finish?(context: PythonRuleContext): void;
}
