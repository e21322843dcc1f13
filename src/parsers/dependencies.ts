import type { TextEdit } from '../core/types';

/**
 * One dependency a manifest declares, whatever the manifest's format (requirements*.txt,
 * pyproject.toml, Pipfile, package.json, bentofile.yaml, conda environment files), with the
 * positions the dependency rules need.
 */
export type Ecosystem = 'python' | 'npm';

export type PinState =
  /** `==1.2.3`, Poetry `1.2.3`, npm `1.2.3`. */
  | 'exact'
  /** A range, a wildcard, or no version at all. */
  | 'loose'
  /** A VCS requirement without a commit hash. */
  | 'vcs-unpinned'
  /** A VCS requirement pinned to a commit, a direct file URL, a local path: nothing to pin. */
  | 'fixed-source';

export interface DeclaredDependency {
  ecosystem: Ecosystem;
  /** The name as written (`scikit-learn`, `Pillow`, `@scope/pkg`). */
  name: string;
  /** Where a finding about this dependency sits: the requirement itself, on its own line. */
  start: number;
  end: number;
  pin: PinState;
  /** What the version constraint says, for messages (`>=1.2`, `*`, `no version`). */
  constraint: string;
  /** The edit that pins the dependency to `version`, where the format allows a plain edit. */
  pinEdit?: (version: string) => TextEdit;
}

/** PEP 503 normalisation: `Scikit_Learn` and `scikit-learn` are one distribution. */
export function normalizeDistribution(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Whether a Python version specifier (`==1.2.3`, `===1.0`, `>=1, <2`) pins one exact version. */
export function isExactPythonSpecifier(specifier: string): boolean {
  const clauses = specifier
    .split(',')
    .map((clause) => clause.trim())
    .filter(Boolean);
  return clauses.some((clause) => /^===\s*\S+$/.test(clause) || (/^==\s*[^*\s]+$/.test(clause) && !clause.endsWith('.*')));
}

const COMMIT_HASH = /^[0-9a-f]{7,40}$/i;

export function isCommitHash(ref: string | undefined): boolean {
  return ref !== undefined && COMMIT_HASH.test(ref) && /\d/.test(ref);
}

/** `git+https://host/org/repo.git@<ref>#egg=x` → `<ref>` (undefined when none). */
export function vcsRef(url: string): string | undefined {
  const withoutFragment = url.split('#')[0];
  const afterScheme = withoutFragment.replace(/^[a-z+]+:\/\//i, '');
  const at = afterScheme.lastIndexOf('@');
  const slash = afterScheme.indexOf('/');
  // An `@` before the first `/` is `user@host`, not a ref.
  if (at < 0 || at < slash) return undefined;
  return afterScheme.slice(at + 1) || undefined;
}

export function isVcsUrl(url: string): boolean {
  return /^(git|hg|svn|bzr)\+/i.test(url) || /^git:\/\//i.test(url);
}
