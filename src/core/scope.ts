import type { AdapterFinding, CodeScope, FindingScope, RuleMeta } from './types';

/**
 * What the project pass needs to know about a project to decide where code rules fire
 * (rules.md R2.1): which files are production code and why, which are runnable, and the
 * deployment-specific limits of single rules. The deployment model (`src/deployment`) implements it;
 * core only applies it, so the engine stays free of deployment knowledge.
 */
export interface ProjectModel {
  /** Production code: deployed code (with the chain) in a deployed project, else serving modules and the modules they import. */
  productionScope(file: string): FindingScope | undefined;
  /** Whether the project deploys anything (then `runnable` means deployed code). */
  readonly deployed: boolean;
  /** Not a test, `scripts/`, notebook, pipeline or browser module. */
  isRunnable(file: string): boolean;
  /** A test file (no code rule fires there). */
  isTest(file: string): boolean;
  /** The full deployment model behind this view (`src/deployment`), for rules' limits; opaque to core. */
  readonly deployment?: unknown;
}

/**
 * The scope a code rule's finding gets in this project, or undefined when the finding's file is not
 * code that rule applies to. Findings of rules without a code scope (manifest rules) pass unchanged.
 */
export function scopeFinding(
  model: ProjectModel,
  file: string,
  finding: AdapterFinding,
  meta: Pick<RuleMeta, 'scope'>,
  limit?: (file: string, finding: AdapterFinding, model: ProjectModel) => boolean,
): { keep: false } | { keep: true; scope?: FindingScope } {
  if (limit && !limit(file, finding, model)) return { keep: false };
  const codeScope: CodeScope | undefined = finding.codeScope ?? meta.scope;
  if (!codeScope) return { keep: true };
  if (model.isTest(file)) return { keep: false };
  if (codeScope === 'not-tests') return { keep: true, scope: { kind: 'any' } };
  const production = model.productionScope(file);
  if (production) return { keep: true, scope: production };
  if (codeScope === 'runnable' && !model.deployed && model.isRunnable(file)) return { keep: true, scope: { kind: 'runnable' } };
  return { keep: false };
}
