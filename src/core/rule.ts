import type { ProjectModel } from './scope';
import type { AdapterFinding, RuleMeta } from './types';

/** The kinds of implementation a rule can have; each parser adapter runs the kind it knows. */
export type ImplementationKind = 'python' | 'typescript' | 'manifest' | 'project' | 'limit';

/**
 * A rule's deployment-specific limit (rules.md R2.1 "Further limits"): given a finding of the
 * per-file pass and its project's model, whether the finding holds (a declared GPU cancels
 * hardcoded-device, an image nobody deploys cancels container-runs-as-root, ...).
 */
export type RuleLimit = (file: string, finding: AdapterFinding, model: ProjectModel) => boolean;

/**
 * A rule as the engine sees it: its metadata plus one implementation per kind. Core never looks
 * inside an implementation: the adapter of that kind does (`src/parsers/*`), and the rules layer
 * types them (`src/rules/define.ts`). The engine is handed its rules (`createEngine`), so nothing
 * in core or the parsers imports a rule.
 */
export interface RuleDefinition extends RuleMeta {
  readonly implementations: Readonly<Partial<Record<ImplementationKind, unknown>>>;
  /** The Python implementation also runs on notebook cells (default true). */
  readonly notebooks?: boolean;
}

/** An enabled rule's implementation of one kind, with the rule's id (typed once, in its definition). */
export type Active<T> = T & { readonly id: string };

/** The enabled rules' implementations of one kind, in registry order. */
export function implementationsOf<T extends object>(
  rules: readonly RuleDefinition[],
  kind: ImplementationKind,
  include: (rule: RuleDefinition) => boolean = () => true,
): Array<Active<T>> {
  const out: Array<Active<T>> = [];
  for (const rule of rules) {
    const implementation = rule.implementations[kind] as T | undefined;
    if (implementation && include(rule)) out.push({ ...implementation, id: rule.id });
  }
  return out;
}
