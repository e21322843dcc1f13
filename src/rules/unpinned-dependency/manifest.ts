import { lockedVersion } from '../../parsers/lockfile/versions';
import type { ManifestRuleImplementation } from '../../parsers/manifestRule';

/**
 * unpinned-dependency: a requirement without an exact version installs whatever is newest on the
 * day of the build. npm ranges count as pinned when a lockfile sits beside package.json (npm ci
 * installs the locked version); `*`, `latest` and empty versions never do. The fix pins to the
 * version the project's lockfile already resolved, so the build does not change.
 */
export const manifest: ManifestRuleImplementation = {
  dependencies(manifest, context) {
    for (const dependency of manifest.dependencies) {
      if (dependency.pin === 'exact' || dependency.pin === 'fixed-source') continue;
      const wildcard = /^(\*|latest|x|)$/i.test(dependency.constraint.trim()) || dependency.constraint === 'no version';
      if (dependency.ecosystem === 'npm' && manifest.npmLockfilePresent && dependency.pin === 'loose' && !wildcard) continue;
      const locked = dependency.pin === 'loose' ? lockedVersion(context.path, dependency.ecosystem, dependency.name) : undefined;
      const fix =
        locked && dependency.pinEdit
          ? {
              description: `Pin ${dependency.name} to ${locked}, the version the lockfile records`,
              edits: [dependency.pinEdit(locked)],
              safe: true,
            }
          : undefined;
      const what =
        dependency.pin === 'vcs-unpinned'
          ? `${dependency.name} comes from a VCS ref that can move (${dependency.constraint}): pin it to a commit hash`
          : `${dependency.name} is not pinned (${dependency.constraint}): each build may install a different version`;
      context.report({ start: dependency.start, end: dependency.end, message: what, fix });
    }
  },
};
