import type { DeploymentModel, DeploymentTarget } from '../deployment/model';

/**
 * `prodready deployments` output: per project, what the deployment model believes ships — each
 * target with its entry modules, deployed file count, installed manifests, port, health route and
 * GPU — or, for a project that is not deployed, why not.
 */

export interface ProjectDeployments {
  /** The project root, relative to the current folder. */
  root: string;
  model: DeploymentModel;
}

function targetTitle(target: DeploymentTarget): string {
  const kind =
    target.kind === 'dockerfile' || target.kind === 'lambda'
      ? `${target.kind === 'lambda' ? 'Lambda image' : 'image'}${/^stage \d+$/.test(target.name) ? ` (${target.name})` : ` stage ${target.name}`}`
      : target.kind === 'compose'
        ? `compose service ${target.name}`
        : target.kind === 'kubernetes'
          ? target.name
          : target.kind === 'procfile'
            ? `Procfile process ${target.name}`
            : target.kind === 'package-json'
              ? 'package.json start'
              : target.kind === 'bentofile'
                ? 'bentofile service'
                : 'Ray Serve application';
  return `${target.artifact}:${target.line} ${kind}${target.command ? `: ${target.command}` : ''}`;
}

function describe(target: DeploymentTarget): string[] {
  const lines: string[] = [];
  lines.push(
    `entry modules: ${target.entryModules.length ? target.entryModules.join(', ') : 'none'}${target.scriptEntries.length ? ` (run as script: ${target.scriptEntries.join(', ')})` : ''}`,
  );
  if (target.entryModules.length) lines.push(`deployed files: ${target.deployedFiles.length}`);
  if (target.installedManifests.length) {
    lines.push(
      `installs: ${target.installedManifests.map((manifest) => `${manifest.file} (${manifest.how}${manifest.throughLockfile ? ', lockfile' : ''})`).join(', ')}`,
    );
  }
  const facts: string[] = [];
  facts.push(`port ${target.port !== undefined ? `${target.port} (${target.portSource})` : 'unknown'}`);
  facts.push(`health route ${target.healthRoute ?? 'none known'}`);
  facts.push(`GPU ${target.gpu ? 'yes' : target.gpuInCode.length ? `in code (${target.gpuInCode.join(', ')})` : 'no'}`);
  lines.push(facts.join(', '));
  const traits: string[] = [];
  if (target.modelServer) traits.push(`model server ${target.modelServer}`);
  else if (target.framework) traits.push(target.framework);
  if (target.runsServer) traits.push('runs a server');
  if (target.operatorManaged) traits.push('operator-managed');
  if (target.batch) traits.push('batch');
  if (target.platforms.length) traits.push(`on ${target.platforms.join(', ')}`);
  if (target.dockerfile && target.kind !== 'dockerfile' && target.kind !== 'lambda') traits.push(`image from ${target.dockerfile}`);
  if (traits.length) lines.push(traits.join('; '));
  for (const note of target.notes.slice(0, 3)) lines.push(`unresolved: ${note}`);
  return lines;
}

export function formatDeploymentsText(projects: readonly ProjectDeployments[]): string {
  const out: string[] = [];
  for (const { root, model } of projects) {
    out.push(`${root}: ${model.deployed ? 'deployed' : 'not deployed'}`);
    if (!model.deployed && model.reason) out.push(`  ${model.reason}`);
    const shown = model.deployed
      ? model.targets.filter((target) => target.entryModules.length || target.modelServer || target.operatorManaged)
      : model.targets;
    for (const target of shown) {
      out.push(`  ${targetTitle(target)}`);
      for (const line of describe(target)) out.push(`    ${line}`);
    }
    const hidden = model.targets.length - shown.length;
    if (hidden > 0) out.push(`  (${hidden} more target${hidden === 1 ? '' : 's'} run nothing of the project: --format json lists them)`);
    out.push('');
  }
  if (!projects.length) out.push('no project found', '');
  return out.join('\n');
}

export function formatDeploymentsJson(projects: readonly ProjectDeployments[]): string {
  const data = projects.map(({ root, model }) => ({
    root,
    deployed: model.deployed,
    ...(model.reason ? { reason: model.reason } : {}),
    targets: model.targets.map((target) => ({
      kind: target.kind,
      artifact: target.artifact,
      line: target.line,
      name: target.name,
      command: target.command ?? null,
      via: target.via,
      dockerfile: target.dockerfile ?? null,
      stage: target.stage ?? null,
      entryModules: target.entryModules,
      scriptEntries: target.scriptEntries,
      deployedFiles: target.deployedFiles,
      installedManifests: target.installedManifests,
      port: target.port ?? null,
      portSource: target.portSource ?? null,
      declaredPorts: target.declaredPorts,
      routes: target.routes ?? null,
      healthRoute: target.healthRoute ?? null,
      framework: target.framework ?? null,
      modelServer: target.modelServer ?? null,
      runsServer: target.runsServer,
      dockerRun: target.dockerRun,
      platforms: target.platforms,
      gpu: target.gpu,
      gpuInCode: target.gpuInCode,
      operatorManaged: target.operatorManaged,
      batch: target.batch,
      notes: target.notes,
    })),
  }));
  return `${JSON.stringify({ projects: data }, null, 2)}\n`;
}
