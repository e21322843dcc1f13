import type { TextEdit } from '../../core/types';
import type { DockerStage } from './model';

/**
 * Text edits for Dockerfiles: whole lines inserted where a reviewer expects them, so every other
 * instruction, comment and continuation stays as written.
 */

/** Instructions that change the image's filesystem or the user later build steps run as. */
const BUILD_STEPS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR', 'USER', 'ONBUILD']);

/**
 * Inserts lines into a stage where they affect only the running container: before the stage's
 * `CMD`/`ENTRYPOINT` when no build step follows it, else after the stage's last instruction, so no
 * `RUN` of the build runs under what the lines set (a `USER` that cannot `apt-get`).
 */
export function insertBeforeCommand(text: string, stage: DockerStage, lines: readonly string[], eol: string): TextEdit {
  const instructions = stage.instructions;
  let lastBuild = -1;
  instructions.forEach((instruction, index) => {
    if (BUILD_STEPS.has(instruction.keyword)) lastBuild = index;
  });
  const command = instructions.find(
    (instruction, index) => index > lastBuild && (instruction.keyword === 'CMD' || instruction.keyword === 'ENTRYPOINT'),
  );
  const body = lines.map((line) => `${line}${eol}`).join('');
  if (command) {
    let lineStart = text.lastIndexOf('\n', command.start - 1) + 1;
    // A comment right above the command describes it: the new lines go above that comment.
    while (lineStart > 0) {
      const previous = text.lastIndexOf('\n', lineStart - 2) + 1;
      if (!/^[ \t]*#/.test(text.slice(previous, lineStart))) break;
      lineStart = previous;
    }
    return { start: lineStart, end: lineStart, text: body };
  }
  const last = instructions[instructions.length - 1] ?? stage.from;
  const newline = text.indexOf('\n', last.end);
  if (newline < 0) return { start: text.length, end: text.length, text: `${eol}${body}` };
  return { start: newline + 1, end: newline + 1, text: body };
}
