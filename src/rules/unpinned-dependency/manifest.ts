import type { DeclaredDependency } from '../../parsers/dependencies';
import { runInstalls } from '../../parsers/dockerfile/installs';
import { stageChain, stagesBuilding, targetStages, type DockerfileModel, type DockerStage } from '../../parsers/dockerfile/model';
import { governingLockfile, installedVersion, lockedVersion } from '../../parsers/lockfile/versions';
import type { ManifestContext, ManifestRuleImplementation } from '../../parsers/manifestRule';
import type { Fix } from '../../core/types';

/**
 * unpinned-dependency: a requirement without an exact version installs whatever is newest on the
 * day of the build.
 *
 * Manifests: a lockfile that locks the manifest (`poetry.lock`/`uv.lock`/`pdm.lock` beside a
 * pyproject.toml, `Pipfile.lock`, an npm-family lockfile beside package.json or at its workspace
 * root) pins it — in a project that is not deployed always (R2.6 "Lockfiles"), in a deployed one when
 * the deployment installs through it (`ManifestContext.deployment.manifest`). A manifest that no
 * deployment installs gets nothing once the deployment model says so. The fix pins to the version a
 * lockfile of the project records, else the one installed in the project's environment (`.venv`,
 * `node_modules`), and is safe; it is never offered on a manifest with its own lockfile, which the
 * edit would make stale (R2.2).
 *
 * Dockerfiles (R2.3, R2.5): every package that a `RUN pip install` / `uv pip install` /
 * `npm install` names, in any stage that a target stage builds from or copies from, on that line.
 * `-r` files are manifests of their own; `-c` constraints, `--require-hashes` (and uv's
 * `--override`/`--exclude-newer`, or `PIP_CONSTRAINT`/`UV_CONSTRAINT` in the stage's ENV) pin.
 */
export const manifest: ManifestRuleImplementation = {
  dependencies(manifest, context) {
    const installation = context.deployment?.manifest;
    if (installation && !installation.installed) return;
    const lockfile = governingLockfile(manifest.path) ?? (manifest.npmLockfilePresent ? 'lockfile' : undefined);
    if (lockfile && (!installation || installation.throughLockfile)) return;
    if (installation?.throughLockfile) return;
    for (const dependency of manifest.dependencies) {
      if (dependency.pin === 'exact' || dependency.pin === 'fixed-source') continue;
      const fix = lockfile ? undefined : pinFix(context, dependency);
      const what =
        dependency.pin === 'vcs-unpinned'
          ? `${dependency.name} comes from a VCS ref that can move (${dependency.constraint}): pin it to a commit hash`
          : `${dependency.name} is not pinned (${dependency.constraint}): each build may install a different version`;
      context.report({ start: dependency.start, end: dependency.end, message: what, fix });
    }
  },
  dockerfile(dockerfile, context) {
    const targets = targetStages(dockerfile, context.deployment?.targetStages);
    const building = stagesBuilding(dockerfile, targets);
    for (const stage of dockerfile.stages) {
      if (!building.has(stage) || constrainedByEnv(dockerfile, stage)) continue;
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'RUN') continue;
        const installs = runInstalls(context.text, instruction);
        for (const { tool, dependency } of installs.packages) {
          if (dependency.pin === 'exact' || dependency.pin === 'fixed-source') continue;
          const command = tool === 'pip' ? 'pip install' : 'npm install';
          const what =
            dependency.pin === 'vcs-unpinned'
              ? `${command} ${dependency.name} comes from a VCS ref that can move (${dependency.constraint}): pin it to a commit hash`
              : `${command} ${dependency.name} is not pinned (${dependency.constraint}): each image build may install a different version; pin it${
                  tool === 'pip' ? ' (==) or install from a pinned requirements file' : ' (@x.y.z)'
                }`;
          context.report({ start: dependency.start, end: dependency.end, message: what, fix: pinFix(context, dependency) });
        }
      }
    }
  },
};

/** A safe pin to the version the project's lockfile records, else the one installed in its environment. */
function pinFix(context: ManifestContext, dependency: DeclaredDependency): Fix | undefined {
  if (dependency.pin !== 'loose' || !dependency.pinEdit) return undefined;
  const locked = lockedVersion(context.path, dependency.ecosystem, dependency.name);
  const version = locked ?? installedVersion(context.path, dependency.ecosystem, dependency.name);
  if (!version) return undefined;
  return {
    description: `Pin ${dependency.name} to ${version}, the version ${locked ? 'the lockfile records' : 'installed in the project environment'}`,
    edits: [dependency.pinEdit(version)],
    safe: true,
  };
}

/** `ENV PIP_CONSTRAINT=...` / `UV_CONSTRAINT` / `PIP_REQUIRE_HASHES` in the stage or a stage it is built from pins its pip installs. */
function constrainedByEnv(dockerfile: DockerfileModel, stage: DockerStage): boolean {
  return stageChain(dockerfile, stage).some((current) =>
    current.instructions.some(
      (instruction) =>
        instruction.keyword === 'ENV' &&
        /\b(PIP_CONSTRAINT|UV_CONSTRAINT|PIP_REQUIRE_HASHES|UV_EXCLUDE_NEWER)\b/.test(instruction.argumentText),
    ),
  );
}
