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
