import type { Active } from '../../core/rule';
import type { Fix, RuleOptions } from '../../core/types';
import type { FunctionInfo, TsModule } from './module';
import type { Node } from './parse';

export interface TsRuleContext {
  readonly module: TsModule;
  readonly text: string;
  readonly options: RuleOptions;
  /** The serving function a node runs in (a function nested in one counts), if any. */
  servingFunctionOf(node: Node): FunctionInfo | undefined;
  /** Report a finding for the current rule, between two UTF-16 offsets. */
  report(start: number, end: number, message: string, fix?: Fix): void;
}

/** A visitor receives nodes of its type; nodes carry `parent`, set by the walk. */
export type TsVisitor = (node: Node, context: TsRuleContext) => void;

/** ESLint-style: a rule subscribes to node types; the adapter merges every rule into one dispatch table. */
export interface TsRuleImplementation {
  visitors: Partial<Record<Node['type'], TsVisitor>>;
  /** Runs once after the walk: for module-level findings (missing-logging). */
  finish?(context: TsRuleContext): void;
}

/** A TS/JS implementation the engine hands the adapter, with its rule's id. */
export type TsRule = Active<TsRuleImplementation>;
