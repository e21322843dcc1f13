import type { AdapterFinding } from '../core/languages';
import type { Project, ProjectOptions } from '../core/project';
import { missingDependency } from './missing-dependency/project';
import { notebookImports } from './notebook-in-production/project';
import { printsImportedByServing } from './print-logging/project';
import { singleReplica } from './single-replica/project';
import { undeclaredEnvVar } from './undeclared-env-var/project';

/** A finding of the workspace pass, for one file of the project. */
export interface ProjectFinding {
  file: string;
  finding: AdapterFinding;
}

export type ProjectRule = (project: Project, options: ProjectOptions) => ProjectFinding[];

/** The cross-file rules; each is a pure function of the project's per-file facts. */
export const PROJECT_RULES: readonly ProjectRule[] = [
  undeclaredEnvVar,
  missingDependency,
  singleReplica,
  notebookImports,
  printsImportedByServing,
];

export function crossFileFindings(project: Project, options: ProjectOptions): ProjectFinding[] {
  return PROJECT_RULES.flatMap((rule) => rule(project, options));
}

/** Test files never get cross-file findings: they run in a test environment, not a deployment. */
export function isTestPath(file: string): boolean {
  const normalized = file.replace(/\\/g, '/');
  const base = normalized.split('/').pop() ?? '';
  return (
    /(^|\/)(tests?|__tests__|testing)\//.test(normalized) ||
    /^test_.*\.py$/.test(base) ||
    /_test\.py$/.test(base) ||
    /^conftest\.py$/.test(base) ||
    /\.(test|spec)\.[cm]?[jt]sx?$/.test(base)
  );
}
