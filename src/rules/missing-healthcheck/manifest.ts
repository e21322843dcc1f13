import * as fs from 'fs';
import * as path from 'path';
import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { detectEol } from '../../core/text';
import { imageParts, isLambdaImage, modelServerOf, type ModelServer } from '../../knowledge/images';
import { insertBeforeCommand } from '../../parsers/dockerfile/edits';
import {
  baseImage,
  effectiveCommand,
  parseDockerfile,
  stageChain,
  targetStages,
  type DockerfileModel,
  type DockerStage,
} from '../../parsers/dockerfile/model';
import { commandWords } from '../../parsers/shell/command';
import { insertLinesAfter, keyColumn } from '../../parsers/yaml/edits';
import { commandEntries, getNode, pairOf, resolve, type ComposeService } from '../../parsers/yaml/model';
import type { ManifestRuleImplementation, ManifestWorkload } from '../../parsers/manifestRule';
import { stageLabel } from '../container-runs-as-root/manifest';

/**
 * missing-healthcheck (R2.1, R2.5, R2.6).
 *
 * Dockerfile: each target stage whose command runs a server and that has no HEALTHCHECK in its
 * chain, reported on that stage's FROM. Without a deployment model, "runs a server" is read from the
 * file (EXPOSE, a known server program, a known model-server image) and every target counts as run
 * by Docker; with one, its `runsServer`, `dockerRun` and `platforms` decide (Kubernetes, KubeRay,
 * Cloud Run and Lambda ignore HEALTHCHECK). Lambda base images are never flagged.
 *
 * Compose: a service that another service `depends_on` (built or pulled) without `healthcheck:`,
 * unless the Dockerfile target it builds defines a HEALTHCHECK; on the service key.
 *
 * Fixes (unsafe) use a health route and port that are known: a known model server's documented ones
 * (deployment.md §4) or the deployment model's, probed with a tool the image has (`python3 -c` with
 * urllib, `node -e` with fetch, the server's own CLI); Postgres and Redis get their readiness
 * commands. Where no route is known the finding offers no guess and says to add a health route.
 */
export const manifest: ManifestRuleImplementation = {
  dockerfile(dockerfile, context) {
    const eol = detectEol(context.text);
    for (const stage of targetStages(dockerfile, context.deployment?.targetStages)) {
      if (hasHealthcheck(dockerfile, stage) || isLambdaImage(baseImage(dockerfile, stage))) continue;
      const workload = context.deployment?.workloadAt?.(stage.from.start);
      if (workload?.platforms?.length && !workload.dockerRun) continue;
      const words = commandWords(effectiveCommand(dockerfile, stage).flatMap((instruction) => instruction.words));
      const server = modelServerOf(baseImage(dockerfile, stage), words);
      if (!(workload?.runsServer ?? (server !== undefined || isServiceImage(dockerfile, stage, words)))) continue;
      const probe = probeFor(workload, server, runtimeOf(dockerfile, stage));
      const line =
        probe && `HEALTHCHECK --interval=30s --timeout=5s --start-period=${server ? '120s' : '30s'} --retries=3 CMD ${probe.shell}`;
      context.report({
        start: stage.from.start,
        end: stage.imageEnd,
        message: `${stageLabel(dockerfile, stage)} runs a server and has no HEALTHCHECK: Docker cannot tell a hung server from a healthy one${
          probe ? '' : missingRouteHint(workload)
        }`,
        fix: line
          ? {
              description: `Add a HEALTHCHECK requesting ${probe.url}`,
              edits: [insertBeforeCommand(context.text, stage, [line], eol)],
              safe: false,
            }
          : undefined,
      });
    }
  },
  compose(service, context, model) {
    if (pairOf(service.map, 'healthcheck') || !dependedOn(model.compose?.services ?? []).has(service.name)) return;
    const built = pairOf(service.map, 'build') !== undefined;
    if (built && builtImageHasHealthcheck(context.path, service.map)) return;
    const image = built ? undefined : stringValue(service.map, 'image');
    const words = commandWords(commandEntries(service.map, ['entrypoint', 'command']).flatMap((entry) => entry.words));
    const workload = context.deployment?.workloadAt?.(service.key.range?.[0] ?? 0);
    const server = modelServerOf(image, words);
    const test = composeTest(workload, server, image, built ? builtRuntime(context.path, service.map) : undefined);
    const column = keyColumn(context.text, service.map);
    const fix =
      test && column !== undefined && service.key.range
        ? {
            description: `Add a healthcheck: ${test.what}`,
            edits: [
              insertLinesAfter(
                context.text,
                service.key.range[1],
                [
                  'healthcheck:',
                  `  test: ${test.yaml}`,
                  '  interval: 30s',
                  '  timeout: 5s',
                  '  retries: 3',
                  `  start_period: ${server ? '120s' : '30s'}`,
                ],
                column,
              ),
            ],
            safe: false,
          }
        : undefined;
    const hint = test
      ? ''
      : built || workload
        ? missingRouteHint(workload)
        : `; prodready does not know a readiness command for '${image ?? service.name}': add a healthcheck: that runs one the image ships`;
    context.report({
      start: service.key.range?.[0] ?? 0,
      end: service.key.range?.[1] ?? 0,
      message: `Compose service '${service.name}' has no healthcheck, and other services depend on it: they start before it is ready and a hung process is never noticed${hint}`,
      fix,
    });
  },
};

/** What the message says when no health route is known (R2.2, R2.6: no guess). */
function missingRouteHint(workload: ManifestWorkload | undefined): string {
  const what = workload?.healthRoute ? 'no probe tool is known for its image' : 'no health route is known for it';
  return `; ${what}: add a health route (such as GET /healthz) to the app, then a health check that requests it`;
}

interface Probe {
  url: string;
  /** The probe as a shell command (Dockerfile HEALTHCHECK CMD). */
  shell: string;
  /** The probe as compose exec form. */
  exec: string[];
}

/** A probe for a known route and port with a tool the image has, or undefined. */
function probeFor(
  workload: ManifestWorkload | undefined,
  server: ModelServer | undefined,
  runtime: 'python' | 'node' | undefined,
): Probe | undefined {
  const route = workload?.healthRoute ?? server?.readiness;
  const port = workload?.port ?? server?.port;
  if (!route || !port) return undefined;
  const url = `http://localhost:${port}${route.startsWith('/') ? route : `/${route}`}`;
  if (server?.healthCommand && !workload?.healthRoute)
    return { url, shell: server.healthCommand.join(' '), exec: ['CMD', ...server.healthCommand] };
  const tool = workload?.runtime ?? (server?.python ? 'python' : runtime);
  if (tool === 'python') {
    const code = `import urllib.request; urllib.request.urlopen('${url}', timeout=4)`;
    return { url, shell: `python3 -c "${code}"`, exec: ['CMD', 'python3', '-c', code] };
  }
  if (tool === 'node') {
    const code = `fetch('${url}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`;
    return { url, shell: `node -e "${code}"`, exec: ['CMD', 'node', '-e', code] };
  }
  return undefined;
}

/** Readiness commands of common pulled dependencies (they serve no HTTP route). */
const READINESS_COMMANDS: ReadonlyArray<{ image: RegExp; exec: string[] }> = [
  { image: /^(docker\.io\/)?(library\/)?postgres$|^(docker\.io\/)?(pgvector\/pgvector|postgis\/postgis)$/, exec: ['CMD', 'pg_isready'] },
  { image: /^(docker\.io\/)?(library\/)?redis$|^(docker\.io\/)?redis\/redis-stack(-server)?$/, exec: ['CMD', 'redis-cli', 'ping'] },
];

function composeTest(
  workload: ManifestWorkload | undefined,
  server: ModelServer | undefined,
  image: string | undefined,
  runtime: 'python' | 'node' | undefined,
): { yaml: string; what: string } | undefined {
  const probe = probeFor(workload, server, runtime);
  if (probe) return { yaml: flowSequence(probe.exec), what: `request ${probe.url}` };
  const known = image ? READINESS_COMMANDS.find((entry) => entry.image.test(imageParts(image).name)) : undefined;
  return known ? { yaml: flowSequence(known.exec), what: known.exec.slice(1).join(' ') } : undefined;
}

const flowSequence = (items: readonly string[]) => `[${items.map((item) => JSON.stringify(item)).join(', ')}]`;

/** The names of the services that some other service lists under `depends_on` (list or map form). */
function dependedOn(services: readonly ComposeService[]): Set<string> {
  const names = new Set<string>();
  for (const service of services) {
    const dependsOn = getNode(service.map, 'depends_on');
    const items = isSeq(dependsOn) ? dependsOn.items.map(resolve) : isMap(dependsOn) ? dependsOn.items.map((pair) => pair.key) : [];
    for (const item of items)
      if (isScalar(item) && item.value !== null && String(item.value) !== service.name) names.add(String(item.value));
  }
  return names;
}

function stringValue(map: YAMLMap, key: string): string | undefined {
  const node = getNode(map, key);
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

function hasHealthcheck(dockerfile: DockerfileModel, stage: DockerStage): boolean {
  return stageChain(dockerfile, stage).some((s) => s.instructions.some((instruction) => instruction.keyword === 'HEALTHCHECK'));
}

/** Programs that serve requests (R2.5 "Runs a server", and common others). */
const SERVER_PROGRAMS = new Set([
  'uvicorn',
  'gunicorn',
  'hypercorn',
  'daphne',
  'waitress-serve',
  'granian',
  'flask',
  'fastapi',
  'streamlit',
  'torchserve',
  'tritonserver',
  'tensorflow_model_server',
  'text-generation-launcher',
  'bentoml',
  'mlflow',
  'mlserver',
  'vllm',
  'ollama',
  'nginx',
  'httpd',
  'node',
  'serve',
  'jupyter',
]);

/** Without a deployment model: the stage EXPOSEs a port or its command runs a known server program. */
function isServiceImage(dockerfile: DockerfileModel, stage: DockerStage, words: readonly string[]): boolean {
  if (stageChain(dockerfile, stage).some((s) => s.instructions.some((instruction) => instruction.keyword === 'EXPOSE'))) return true;
  return words.some((word) => SERVER_PROGRAMS.has(word));
}

function runtimeOf(dockerfile: DockerfileModel, stage: DockerStage): 'python' | 'node' | undefined {
  const image = imageParts(baseImage(dockerfile, stage)).name.replace(/^(docker\.io\/)?(library\/)?/, '');
  if (/^python$|^pytorch\/|^tensorflow\/|^huggingface\/|^nvcr\.io\/nvidia\/(pytorch|tensorflow)$|^continuumio\//.test(image))
    return 'python';
  if (/^node$/.test(image)) return 'node';
  return undefined;
}

/** The Dockerfile a compose service builds (read from disk beside the compose file) and the stage it builds. */
function builtStage(composePath: string, service: YAMLMap): { model: DockerfileModel; stage: DockerStage } | undefined {
  const build = getNode(service, 'build');
  let context = '.';
  let dockerfile = 'Dockerfile';
  let target: string | undefined;
  if (isScalar(build) && typeof build.value === 'string') context = build.value;
  else if (isMap(build)) {
    const value = (key: string) => {
      const node = resolve(getNode(build, key));
      return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
    };
    context = value('context') ?? context;
    dockerfile = value('dockerfile') ?? dockerfile;
    target = value('target');
  }
  if (/^[a-z]+:\/\//i.test(context) || context.includes('$')) return undefined;
  try {
    const file = path.resolve(path.dirname(path.resolve(composePath)), context, dockerfile);
    const model = parseDockerfile(fs.readFileSync(file, 'utf8'));
    const stage =
      (target && model.stages.find((candidate) => candidate.name === target.toLowerCase())) || model.stages[model.stages.length - 1];
    return stage ? { model, stage } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the Dockerfile target a compose service builds defines a HEALTHCHECK: the container
 * inherits it, so the service needs none of its own (R2.5 "Compose healthchecks").
 */
function builtImageHasHealthcheck(composePath: string, service: YAMLMap): boolean {
  const built = builtStage(composePath, service);
  return built !== undefined && hasHealthcheck(built.model, built.stage);
}

function builtRuntime(composePath: string, service: YAMLMap): 'python' | 'node' | undefined {
  const built = builtStage(composePath, service);
  return built && runtimeOf(built.model, built.stage);
}
