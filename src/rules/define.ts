import type { ProjectRule } from '../core/project';
import type { RuleDefinition, RuleLimit } from '../core/rule';
import type { RuleMeta } from '../core/types';
import type { ManifestRuleImplementation } from '../parsers/manifestRule';
import type { PythonRuleImplementation } from '../parsers/python/rule';
import type { TsRuleImplementation } from '../parsers/typescript/rule';

/** What a rule can implement: one walk's visitors per language, manifest hooks, a cross-file pass. */
export interface RuleImplementations {
  python?: PythonRuleImplementation;
  typescript?: TsRuleImplementation;
  manifest?: ManifestRuleImplementation;
  /** The workspace pass: a pure function of the project's per-file facts. */
  project?: ProjectRule;
  /** A deployment-specific limit: whether a per-file finding holds given its project's model (R2.1 "Further limits"). */
  limit?: RuleLimit;
}

export interface RuleSpec extends RuleMeta {
  implementations: RuleImplementations;
  /** false: the Python implementation does not run on notebook cells. */
  notebooks?: boolean;
}

/**
 * Defines a rule once: its id, metadata and docs (the README table, docs pages, settings and the
 * config schema are generated from them) and its implementations. The registry (`./index.ts`) lists
 * every definition; the engine is handed that list.
 */
export function defineRule(spec: RuleSpec): RuleDefinition {
  const { implementations, ...meta } = spec;
  const { project, limit, ...perFile } = implementations;
  return {
    ...meta,
    implementations: { ...perFile, ...(project && { project: { run: project } }), ...(limit && { limit: { holds: limit } }) },
  };
}
