import * as fs from 'fs';
import * as path from 'path';
import { isMap, isScalar } from 'yaml';
import { detectEol } from '../../core/text';
import { parentStage, parseDockerfile, runCommands, type DockerfileModel, type DockerStage } from '../../parsers/dockerfile/model';
import { commandWords } from '../../parsers/shell/command';
import { keyColumn, insertLinesAfter } from '../../parsers/yaml/edits';
import { getNode, pairOf, resolve } from '../../parsers/yaml/model';
import { appendToStage } from '../container-runs-as-root/manifest';
import type { ManifestRuleImplementation } from '../../parsers/manifestRule';

/**
 * missing-healthcheck: a service image (its final stage EXPOSEs a port or runs a server) without a
 * HEALTHCHECK, or a compose service built from this project without `healthcheck:`. Images that only
 * run a job, and compose services pulled from elsewhere (their image may define one), are left alone.
 * `HEALTHCHECK NONE` is an explicit choice and counts. The fix inserts a stanza probing `/health`
 * on the exposed port; it is unsafe because prodready cannot know the service's health route.
 */
export const manifest: ManifestRuleImplementation = {
  dockerfile(dockerfile, context) {
    const stage = dockerfile.stages[dockerfile.stages.length - 1];
    if (!stage || hasHealthcheck(dockerfile, stage) || !isServiceImage(dockerfile, stage)) return;
    const eol = detectEol(context.text);
    const port = servicePort(dockerfile, stage);
    const probe = isPythonImage(dockerfile, stage)
      ? `python -c "import urllib.request; urllib.request.urlopen('http://localhost:${port}/health', timeout=4)"`
      : `curl -fsS http://localhost:${port}/health || exit 1`;
    const line = `HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ${probe}`;
    const command = stage.instructions.find((instruction) => instruction.keyword === 'CMD' || instruction.keyword === 'ENTRYPOINT');
    const edit = command
      ? { start: command.start, end: command.start, text: `${line}${eol}` }
      : appendToStage(context.text, stage, line, eol);
    context.report({
      start: stage.from.start,
      end: stage.imageEnd,
      message: 'This service image has no HEALTHCHECK: Docker cannot tell a hung model server from a healthy one',
      fix: { description: `Add a HEALTHCHECK probing http://localhost:${port}/health`, edits: [edit], safe: false },
    });
  },
  compose(service, context) {
    if (!pairOf(service.map, 'build') || pairOf(service.map, 'healthcheck')) return;
    if (builtImageHasHealthcheck(context.path, service.map)) return;
    const column = keyColumn(context.text, service.map);
    const port = composePort(service.map);
    const fix =
      column === undefined || !service.key.range
        ? undefined
        : {
            description: `Add a healthcheck probing http://localhost:${port}/health`,
            edits: [
              insertLinesAfter(
                context.text,
                service.key.range[1],
                [
                  'healthcheck:',
                  `  test: ["CMD-SHELL", "curl -fsS http://localhost:${port}/health || exit 1"]`,
                  '  interval: 30s',
                  '  timeout: 5s',
                  '  retries: 3',
                ],
                column,
              ),
            ],
            safe: false,
          };
    context.report({
      start: service.key.range?.[0] ?? 0,
      end: service.key.range?.[1] ?? 0,
      message: `Compose service '${service.name}' has no healthcheck: dependants start before it is ready and a hung process is never noticed`,
      fix,
    });
  },
};

function hasHealthcheck(dockerfile: DockerfileModel, stage: DockerStage, depth = 0): boolean {
  if (stage.instructions.some((instruction) => instruction.keyword === 'HEALTHCHECK')) return true;
  const parent = depth < 32 ? parentStage(dockerfile, stage) : undefined;
  return parent ? hasHealthcheck(dockerfile, parent, depth + 1) : false;
}

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
  'nginx',
  'httpd',
  'node',
  'serve',
  'jupyter',
]);

function stageChain(dockerfile: DockerfileModel, stage: DockerStage): DockerStage[] {
  const chain = [stage];
  for (let current = parentStage(dockerfile, stage); current && chain.length < 32; current = parentStage(dockerfile, current))
    chain.push(current);
  return chain;
}

function isServiceImage(dockerfile: DockerfileModel, stage: DockerStage): boolean {
  const chain = stageChain(dockerfile, stage);
  if (chain.some((s) => s.instructions.some((instruction) => instruction.keyword === 'EXPOSE'))) return true;
  const words = commandWords(chain.flatMap((s) => runCommands(s)).flatMap((instruction) => instruction.words));
  return words.some((word) => SERVER_PROGRAMS.has(word)) || (words.includes('-m') && words.some((word) => SERVER_PROGRAMS.has(word)));
}

function servicePort(dockerfile: DockerfileModel, stage: DockerStage): number {
  for (const s of stageChain(dockerfile, stage)) {
    const expose = s.instructions.find((instruction) => instruction.keyword === 'EXPOSE');
    const port = expose ? parseInt(expose.words[0] ?? '', 10) : NaN;
    if (Number.isInteger(port) && port > 0) return port;
  }
  // `--port ${PORT}` resolves through the stage's ENV (the value the container starts with).
  const env = new Map<string, string>();
  for (const s of [...stageChain(dockerfile, stage)].reverse()) {
    for (const instruction of s.instructions) {
      if (instruction.keyword !== 'ENV') continue;
      for (const property of (instruction.node as import('dockerfile-ast').Env).getProperties())
        env.set(property.getName(), property.getValue() ?? '');
    }
  }
  const expand = (word: string) => word.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => env.get(name) ?? whole);
  const words = commandWords(runCommands(stage).flatMap((instruction) => instruction.words)).map(expand);
  for (let i = 0; i < words.length; i++) {
    const bind = /(?:^|:)(\d{2,5})$/.exec(words[i].replace(/^--(port|bind)=/, ''));
    if (
      (words[i - 1] === '--port' ||
        words[i - 1] === '-p' ||
        words[i - 1] === '--bind' ||
        words[i - 1] === '-b' ||
        /^--(port|bind)=/.test(words[i])) &&
      bind
    ) {
      return parseInt(bind[1], 10);
    }
  }
  return 8000;
}

function isPythonImage(dockerfile: DockerfileModel, stage: DockerStage): boolean {
  return stageChain(dockerfile, stage).some((s) => /(^|\/)python:|(^|\/)python$|pytorch|tensorflow|huggingface/i.test(s.image));
}

function composePort(map: import('yaml').YAMLMap): number {
  const ports = pairOf(map, 'ports')?.value as { items?: unknown[] } | undefined;
  const first = ports?.items?.[0] as { value?: unknown } | undefined;
  const text = first && typeof first === 'object' && 'value' in first ? String(first.value) : '';
  return trailingPort(text) ?? 8000;
}

/**
 * The container port a compose `ports` entry ends with: `8080:80` → 80, `80/tcp` → 80, `127.0.0.1:8080:80/udp` → 80.
 * Found from the end (the last `/`, then the digits before it) rather than by a `$`-anchored regex
 * retried at every digit.
 */
function trailingPort(text: string): number | undefined {
  const isDigit = (at: number) => at >= 0 && text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57;
  const slash = text.lastIndexOf('/');
  // A `/protocol` suffix counts only when digits precede it; otherwise the port is the text's last digits.
  const end = slash >= 0 && /^\w+$/.test(text.slice(slash + 1)) && isDigit(slash - 1) ? slash : text.length;
  let start = end;
  while (isDigit(start - 1)) start--;
  return start < end ? parseInt(text.slice(start, end), 10) : undefined;
}

/**
 * Whether the Dockerfile a compose service builds (read from disk beside the compose file) defines a
 * HEALTHCHECK in the stage it builds: the container inherits it, so the service needs none of its own.
 */
function builtImageHasHealthcheck(composePath: string, service: import('yaml').YAMLMap): boolean {
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
  if (/^[a-z]+:\/\//i.test(context) || context.includes('$')) return false;
  try {
    const file = path.resolve(path.dirname(path.resolve(composePath)), context, dockerfile);
    const model = parseDockerfile(fs.readFileSync(file, 'utf8'));
    const stage =
      (target && model.stages.find((candidate) => candidate.name === target.toLowerCase())) || model.stages[model.stages.length - 1];
    return stage !== undefined && hasHealthcheck(model, stage);
  } catch {
    return false;
  }
}
