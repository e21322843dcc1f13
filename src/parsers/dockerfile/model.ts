import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { LineIndex } from '../../core/text';

/**
 * A Dockerfile as the rules see it: instructions with source offsets, grouped into build stages.
 * `dockerfile-ast` gives line/character ranges; they are turned into UTF-16 offsets here once.
 */
export interface DockerInstruction {
  keyword: string;
  start: number;
  end: number;
  /** Offset of the first argument (after the keyword), or `end` when there is none. */
  argumentsStart: number;
  /** The arguments as Docker would run them: JSON-form strings, or the shell-form words. */
  words: string[];
  /** The raw argument text, continuations joined. */
  argumentText: string;
  node: Instruction;
}

export interface DockerStage {
  from: DockerInstruction;
  /** The image reference as written (`python:3.11-slim`), without flags. */
  image: string;
  imageStart: number;
  imageEnd: number;
  /** `AS name`, lower-cased. */
  name?: string;
  instructions: DockerInstruction[];
}

export interface DockerfileModel {
  stages: DockerStage[];
  /** Instructions before the first FROM (ARGs). */
  preamble: DockerInstruction[];
  lines: LineIndex;
  text: string;
}

const KNOWN_KEYWORDS = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

export class DockerfileSyntaxError extends Error {}

/** Parses a Dockerfile; throws DockerfileSyntaxError (with line and column) where Docker itself would refuse it. */
export function parseDockerfile(text: string): DockerfileModel {
  const lines = new LineIndex(text);
  const document = DockerfileParser.parse(text);
  const model: DockerfileModel = { stages: [], preamble: [], lines, text };
  for (const node of document.getInstructions()) {
    const keyword = node.getKeyword();
    const range = node.getRange();
    const start = lines.offset(range.start.line, range.start.character);
    if (!KNOWN_KEYWORDS.has(keyword)) {
      const where = `${range.start.line + 1}:${range.start.character + 1}`;
      const name = node.getInstruction();
      throw new DockerfileSyntaxError(`${where}: unknown instruction '${name.length > 40 ? `${name.slice(0, 40)}…` : name}'`);
    }
    const argumentsRange = node.getArgumentsRange();
    const instruction: DockerInstruction = {
      keyword,
      start,
      end: lines.offset(range.end.line, range.end.character),
      argumentsStart: argumentsRange ? lines.offset(argumentsRange.start.line, argumentsRange.start.character) : start,
      words: wordsOf(node),
      argumentText: node.getArgumentsContent() ?? '',
      node,
    };
    if (keyword === 'FROM') {
      const stage = stageOf(instruction, lines);
      model.stages.push(stage);
      continue;
    }
    const current = model.stages[model.stages.length - 1];
    if (current) current.instructions.push(instruction);
    else model.preamble.push(instruction);
  }
  return model;
}

function stageOf(from: DockerInstruction, lines: LineIndex): DockerStage {
  const node = from.node as import('dockerfile-ast').From;
  const imageRange = node.getImageRange();
  const image = node.getImage() ?? '';
  const imageStart = imageRange ? lines.offset(imageRange.start.line, imageRange.start.character) : from.start;
  const imageEnd = imageRange ? lines.offset(imageRange.end.line, imageRange.end.character) : from.end;
  const name = node.getBuildStage()?.toLowerCase() ?? undefined;
  return { from, image, imageStart, imageEnd, name, instructions: [] };
}

function wordsOf(node: Instruction): string[] {
  const raw = (node.getArgumentsContent() ?? '').trim();
  if (raw.startsWith('[')) {
    // Exec form. dockerfile-ast's own JSON values drop spaces inside strings, so parse the array here.
    try {
      const parsed: unknown = JSON.parse(raw.replace(/\\\r?\n/g, ''));
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return parsed as string[];
    } catch {
      // Not valid JSON: Docker runs it in shell form.
    }
  }
  return node.getArguments().map((argument) => argument.getValue());
}

/** The final stage: the image that `docker build` produces without `--target`. */
export function finalStage(model: DockerfileModel): DockerStage | undefined {
  return model.stages[model.stages.length - 1];
}

/** The stage a FROM refers to by name (`FROM builder`), if it is an earlier stage. */
export function parentStage(model: DockerfileModel, stage: DockerStage): DockerStage | undefined {
  const index = model.stages.indexOf(stage);
  const reference = stage.image.toLowerCase();
  for (let i = index - 1; i >= 0; i--) {
    if (model.stages[i].name === reference) return model.stages[i];
  }
  return undefined;
}

/** The command the container runs: the last ENTRYPOINT and CMD of the stage. */
export function runCommands(stage: DockerStage): DockerInstruction[] {
  const entrypoint = [...stage.instructions].reverse().find((i) => i.keyword === 'ENTRYPOINT');
  const cmd = [...stage.instructions].reverse().find((i) => i.keyword === 'CMD');
  return [entrypoint, cmd].filter((i): i is DockerInstruction => i !== undefined);
}

/** The stage and the earlier stages it is built `FROM`, nearest first (at most 32). */
export function stageChain(model: DockerfileModel, stage: DockerStage): DockerStage[] {
  const chain = [stage];
  for (
    let current = parentStage(model, stage);
    current && chain.length < 32 && !chain.includes(current);
    current = parentStage(model, current)
  )
    chain.push(current);
  return chain;
}

/** The image a stage finally pulls: its own `FROM`, or that of the earliest stage of its chain. */
export function baseImage(model: DockerfileModel, stage: DockerStage): string {
  const chain = stageChain(model, stage);
  return chain[chain.length - 1].image;
}

/**
 * The stage an instruction flag refers to: `COPY --from=builder`, `COPY --from=0`,
 * `RUN --mount=type=cache,from=builder`; undefined for an external image (`--from=nginx:1.27`).
 */
function referencedStages(model: DockerfileModel, instruction: DockerInstruction): DockerStage[] {
  const flags =
    (instruction.node as unknown as { getFlags?(): Array<{ getName(): string; getValue(): string | null }> }).getFlags?.() ?? [];
  const references: string[] = [];
  for (const flag of flags) {
    const value = flag.getValue() ?? '';
    if (flag.getName() === 'from') references.push(value);
    else if (flag.getName() === 'mount') {
      const from = /(?:^|,)from=([^,]+)/.exec(value)?.[1];
      if (from) references.push(from);
    }
  }
  const stages: DockerStage[] = [];
  for (const reference of references) {
    const lower = reference.toLowerCase();
    const stage = /^\d+$/.test(lower) ? model.stages[Number(lower)] : model.stages.find((candidate) => candidate.name === lower);
    if (stage) stages.push(stage);
  }
  return stages;
}

/**
 * The target stages (deployment.md §1) as far as the file alone shows them: the final stage, and
 * every stage with its own `CMD`/`ENTRYPOINT` that no other stage uses as `FROM`, `COPY --from` or
 * `RUN --mount=from=` (the contract's fallback for a Dockerfile whose targets nothing names).
 * `named` overrides: the stage indexes a deployment model found named as build targets.
 */
export function targetStages(model: DockerfileModel, named?: readonly number[]): DockerStage[] {
  if (named) return named.map((index) => model.stages[index]).filter((stage): stage is DockerStage => stage !== undefined);
  const used = new Set<DockerStage>();
  for (const stage of model.stages) {
    const parent = parentStage(model, stage);
    if (parent) used.add(parent);
    for (const instruction of stage.instructions) for (const referenced of referencedStages(model, instruction)) used.add(referenced);
  }
  const final = model.stages[model.stages.length - 1];
  return model.stages.filter(
    (stage) =>
      stage === final ||
      (!used.has(stage) && stage.instructions.some((instruction) => instruction.keyword === 'CMD' || instruction.keyword === 'ENTRYPOINT')),
  );
}

/**
 * The stages that go into the given targets: the targets, the stages they are built `FROM` and the
 * stages they copy or mount from, transitively. A build step (`RUN pip install`) counts only there.
 */
export function stagesBuilding(model: DockerfileModel, targets: readonly DockerStage[]): Set<DockerStage> {
  const seen = new Set<DockerStage>();
  const pending = [...targets];
  while (pending.length) {
    const stage = pending.pop()!;
    if (seen.has(stage)) continue;
    seen.add(stage);
    const parent = parentStage(model, stage);
    if (parent) pending.push(parent);
    for (const instruction of stage.instructions) pending.push(...referencedStages(model, instruction));
  }
  return seen;
}

/**
 * The command a stage's container runs, as Docker resolves it through the stage chain: the nearest
 * `ENTRYPOINT`, and the nearest `CMD` unless a stage nearer than that CMD sets `ENTRYPOINT` (which
 * resets an inherited CMD). The instructions are returned in order, ENTRYPOINT first.
 */
export function effectiveCommand(model: DockerfileModel, stage: DockerStage): DockerInstruction[] {
  let entrypoint: { instruction: DockerInstruction; depth: number } | undefined;
  let cmd: { instruction: DockerInstruction; depth: number } | undefined;
  stageChain(model, stage).forEach((current, depth) => {
    const own = runCommands(current);
    for (const instruction of own) {
      if (instruction.keyword === 'ENTRYPOINT' && !entrypoint) entrypoint = { instruction, depth };
      if (instruction.keyword === 'CMD' && !cmd) cmd = { instruction, depth };
    }
  });
  const keepCmd = cmd && (!entrypoint || cmd.depth <= entrypoint.depth);
  return [entrypoint?.instruction, keepCmd ? cmd?.instruction : undefined].filter((i): i is DockerInstruction => i !== undefined);
}
