import * as path from 'path';
import type { EnvRead, ProjectFinding, ProjectRule } from '../../core/project';
import { isTestPath } from '../../knowledge/testFiles';

/**
 * undeclared-env-var (cross-file): code reads an environment variable without a default and no
 * deployment artifact of the project sets it (Dockerfile ENV/ARG, compose `environment:`/`env_file`,
 * Kubernetes `env:`, bentofile `envs:`, `.env` files). Silent when the project has no such artifact,
 * when one of them makes names unknowable (Kubernetes `envFrom`, a compose `env_file` prodready has
 * not read, an artifact that failed to parse), and for variables the platform itself sets.
 */
const PLATFORM_VARIABLES = new Set([
  'PATH',
  'HOME',
  'HOSTNAME',
  'USER',
  'PWD',
  'SHELL',
  'LANG',
  'TERM',
  'TMPDIR',
  'PYTHONPATH',
  'VIRTUAL_ENV',
  'NODE_ENV',
  'CI',
  'KUBERNETES_SERVICE_HOST',
  'KUBERNETES_SERVICE_PORT',
  'CUDA_VISIBLE_DEVICES',
  'NVIDIA_VISIBLE_DEVICES',
  'RANK',
  'LOCAL_RANK',
  'WORLD_SIZE',
  'MASTER_ADDR',
  'MASTER_PORT',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'LAMBDA_TASK_ROOT',
  'K_SERVICE',
  'K_REVISION',
  'K_CONFIGURATION',
]);

/** What actually happens where the variable is missing (R2.3: `os.getenv` returns None, it does not fail at start-up). */
function consequence(read: EnvRead): string {
  switch (read.missing) {
    case 'raises':
      return read.inFunction === undefined
        ? `os.environ["${read.name}"] raises KeyError at import, so the service fails at start-up wherever it is missing`
        : `os.environ["${read.name}"] raises KeyError when ${read.inFunction}() runs, wherever it is missing`;
    case 'none':
      return `the read returns None wherever it is missing, and the code runs on with None`;
    case 'undefined':
      return `process.env.${read.name} is undefined wherever it is missing, and the code runs on with undefined`;
    default:
      return 'the read gets no value wherever it is missing';
  }
}

const DEPLOYMENT_KINDS = new Set(['dockerfile', 'yaml', 'dotenv']);

export const undeclaredEnvVar: ProjectRule = (project) => {
  const provided = new Set<string>();
  const artifacts: string[] = [];
  let unknowable = false;
  const analysed = new Set(project.files.map((file) => path.resolve(file.path)));
  for (const file of project.files) {
    const facts = file.facts;
    if (file.skipped && file.kind && DEPLOYMENT_KINDS.has(file.kind)) unknowable = true;
    if (!facts?.deploymentArtifact) continue;
    artifacts.push(path.relative(project.root, file.path).split(path.sep).join('/'));
    for (const name of facts.envProvided ?? []) provided.add(name);
    if (facts.envUnknowable) unknowable = true;
    for (const envFile of facts.envFiles ?? []) {
      if (!analysed.has(path.resolve(path.dirname(file.path), envFile))) unknowable = true;
    }
  }
  if (!artifacts.length || unknowable) return [];
  const lookedIn = artifacts.length > 4 ? `${artifacts.slice(0, 4).join(', ')} and ${artifacts.length - 4} more` : artifacts.join(', ');
  const findings: ProjectFinding[] = [];
  for (const file of project.members) {
    if (isTestPath(file.path)) continue;
    for (const read of file.facts?.envReads ?? []) {
      if (read.hasDefault || provided.has(read.name) || PLATFORM_VARIABLES.has(read.name) || /_SERVICE_(HOST|PORT)$/.test(read.name))
        continue;
      findings.push({
        file: file.path,
        finding: {
          start: read.start,
          end: read.end,
          cell: read.cell,
          message: `${read.name} is read without a default, but no deployment artifact sets it (looked in ${lookedIn}): ${consequence(read)}`,
        },
      });
    }
  }
  return findings;
};
