import * as path from 'path';
import type { DockerCopyFact, DockerStageFact, DockerfileDeploymentFacts, InstallFact, CommandFact } from '../../deployment/facts';
import { commandInstalls } from '../../deployment/installs';
import { execCommand, shellCommand, shellSegments } from '../../deployment/shell';
import type { DockerfileModel, DockerInstruction } from './model';

const posix = path.posix;

/**
 * What a Dockerfile deploys (deployment.md §1, §3, §4), from the model the adapter already parsed:
 * per stage its base, the command it runs (ENTRYPOINT + CMD, inherited from parent stages), WORKDIR,
 * the COPY layout, EXPOSE, HEALTHCHECK, USER and the dependency installs of its RUN steps.
 * `$VAR` / `${VAR}` / `${VAR:-default}` are expanded from the ARG defaults and ENV values known so far.
 */
export function dockerfileDeployment(model: DockerfileModel): DockerfileDeploymentFacts {
  const lines = model.lines;
  const lineOf = (offset: number) => lines.position(offset).line + 1;
  const globalArgs: Record<string, string> = {};
  for (const instruction of model.preamble) {
    if (instruction.keyword !== 'ARG') continue;
    const [name, value] = splitAssignment(instruction.words[0] ?? '');
    if (name && value !== undefined) globalArgs[name] = value;
  }
  const stages: DockerStageFact[] = [];
  const indexByName = new Map<string, number>();
  model.stages.forEach((stage, index) => {
    const imageRef = expand(stage.image, globalArgs).toLowerCase();
    const parentIndex = indexByName.get(imageRef);
    const parent = parentIndex !== undefined ? stages[parentIndex] : undefined;
    const lambda = /^(public\.ecr\.aws\/lambda\/|amazon\/aws-lambda-)/.test(imageRef) || (parent?.lambda ?? false);
    const fact: DockerStageFact = {
      index,
      name: stage.name,
      image: stage.image,
      parent: parentIndex,
      copiesFrom: [],
      fromLine: lineOf(stage.from.start),
      fromStart: stage.from.start,
      fromEnd: stage.from.end,
      entrypoint: parent?.entrypoint,
      cmd: parent?.cmd,
      ownCommand: false,
      workdir: parent?.workdir ?? (lambda ? '/var/task' : '/'),
      copies: parent ? [...parent.copies] : [],
      expose: parent ? [...parent.expose] : [],
      healthcheck: parent?.healthcheck,
      user: parent?.user,
      installs: [],
      lambda,
      env: { ...(parent?.env ?? (lambda ? { LAMBDA_TASK_ROOT: '/var/task' } : {})) },
    };
    const vars = () => ({ ...globalArgs, ...fact.env });
    for (const instruction of stage.instructions) {
      const line = lineOf(instruction.start);
      switch (instruction.keyword) {
        case 'ARG':
        case 'ENV':
          for (const [name, value] of assignments(instruction)) {
            if (value !== undefined) fact.env[name] = expand(value, vars());
            else if (globalArgs[name] !== undefined && instruction.keyword === 'ARG') fact.env[name] = globalArgs[name];
          }
          break;
        case 'WORKDIR':
          fact.workdir = posix.resolve(fact.workdir, expand(instruction.argumentText.trim(), vars()) || '.');
          break;
        case 'USER':
          fact.user = expand(instruction.words[0] ?? '', vars());
          break;
        case 'EXPOSE':
          for (const word of instruction.words) {
            const port = Number(/^\d+/.exec(expand(word, vars()))?.[0]);
            if (port) fact.expose.push(port);
          }
          break;
        case 'COPY':
        case 'ADD': {
          const copy = copyOf(instruction, fact.workdir, vars(), indexByName, line);
          if (copy) {
            fact.copies.push(copy);
            if (copy.fromStage !== undefined && !fact.copiesFrom.includes(copy.fromStage)) fact.copiesFrom.push(copy.fromStage);
          }
          break;
        }
        case 'ENTRYPOINT':
          fact.entrypoint = commandOf(instruction, line, vars());
          // Docker resets an inherited CMD when a stage sets its own ENTRYPOINT.
          if (!stage.instructions.some((other) => other.keyword === 'CMD' && other.start > instruction.start)) fact.cmd = undefined;
          fact.ownCommand = true;
          break;
        case 'CMD':
          fact.cmd = commandOf(instruction, line, vars());
          fact.ownCommand = true;
          break;
        case 'HEALTHCHECK': {
          const text = instruction.argumentText.trim();
          fact.healthcheck = /^none\b/i.test(text) ? { none: true, line } : { none: false, url: urlIn(expand(text, vars())), line };
          break;
        }
        case 'RUN':
          fact.installs.push(...installsOf(instruction, fact.workdir, vars(), line));
          break;
      }
    }
    stages.push(fact);
    if (stage.name) indexByName.set(stage.name, index);
    indexByName.set(String(index), index);
  });
  return { stages };
}

function splitAssignment(word: string): [string, string | undefined] {
  const eq = word.indexOf('=');
  return eq < 0 ? [word, undefined] : [word.slice(0, eq), unquote(word.slice(eq + 1))];
}

function unquote(value: string): string {
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}

function assignments(instruction: DockerInstruction): Array<[string, string | undefined]> {
  if (instruction.keyword === 'ENV') {
    const node = instruction.node as import('dockerfile-ast').Env;
    return node.getProperties().map((property) => [property.getName(), property.getValue() ?? undefined]);
  }
  return instruction.words.map(splitAssignment);
}

/** `$A`, `${A}`, `${A:-x}` with known values; unknown plain references stay as written. */
export function expand(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{(\w+)(?::?[-=]([^}]*))?\}|\$(\w+)/g, (whole, braced: string, fallback: string | undefined, plain: string) => {
    const name = braced ?? plain;
    const value = vars[name];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    return whole;
  });
}

function copyOf(
  instruction: DockerInstruction,
  workdir: string,
  vars: Record<string, string>,
  stages: Map<string, number>,
  line: number,
): DockerCopyFact | undefined {
  const words = instruction.words.map((word) => expand(word, vars));
  if (words.length < 2) return undefined;
  const node = instruction.node as import('dockerfile-ast').Copy;
  const from = node
    .getFlags()
    .find((flag) => flag.getName() === 'from')
    ?.getValue();
  const sources = words.slice(0, -1).filter((source) => !/^[a-z]+:\/\//i.test(source));
  if (!sources.length) return undefined;
  const rawDest = words[words.length - 1];
  const dest = posix.resolve(workdir, rawDest);
  const destDir = rawDest.endsWith('/') || rawDest === '.' || rawDest === './' || sources.length > 1;
  const copy: DockerCopyFact = { sources, dest, destDir, line };
  if (from !== undefined && from !== null) {
    const expanded = expand(from, vars).toLowerCase();
    const stage = stages.get(expanded);
    if (stage !== undefined) copy.fromStage = stage;
    else copy.fromImage = expanded;
  }
  return copy;
}

function commandOf(instruction: DockerInstruction, line: number, vars: Record<string, string>): CommandFact {
  const raw = instruction.argumentText.trim();
  if (raw.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(raw.replace(/\\\r?\n/g, ''));
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string'))
        return execCommand(parsed as string[], line, instruction.start, instruction.end);
    } catch {
      // Not JSON: Docker runs it in shell form.
    }
  }
  return shellCommand(expand(raw, vars), line, instruction.start, instruction.end);
}

/** The http(s) URL a healthcheck command requests, when it names one. */
export function urlIn(text: string): string | undefined {
  return /https?:\/\/[^\s'"`)]+/.exec(text)?.[0];
}

/** Dependency installs of a RUN step (deployment.md §3), following `cd` within the step. */
export function installsOf(instruction: DockerInstruction, workdir: string, vars: Record<string, string>, line: number): InstallFact[] {
  const raw = instruction.argumentText.trim();
  let segments: string[][];
  try {
    const parsed: unknown = raw.startsWith('[') ? JSON.parse(raw) : undefined;
    segments = Array.isArray(parsed) ? [parsed.map(String)] : shellSegments(expand(raw, vars));
  } catch {
    segments = shellSegments(expand(raw, vars));
  }
  return commandInstalls(segments, workdir, line);
}
