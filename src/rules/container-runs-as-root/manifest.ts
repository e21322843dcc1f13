import { detectEol } from '../../core/text';
import { parentStage, type DockerfileModel, type DockerStage } from '../../parsers/dockerfile/model';
import type { ManifestRuleImplementation } from '../../parsers/manifestRule';

/**
 * container-runs-as-root: the final stage (what `docker build` produces) runs as root unless some
 * `USER` sets another user; a stage built `FROM` an earlier stage inherits that stage's user. Base
 * images known to default to a non-root user (distroless `:nonroot`, Chainguard) are not flagged, and
 * neither is a `USER ${VAR}` whose value prodready cannot know. The fix adds `USER 1000` before the
 * stage's CMD/ENTRYPOINT; it is offered as unsafe because files the image wrote as root may need
 * their ownership changed.
 */
export const manifest: ManifestRuleImplementation = {
  dockerfile(dockerfile, context) {
    const stage = dockerfile.stages[dockerfile.stages.length - 1];
    if (!stage || effectiveUser(dockerfile, stage) !== 'root') return;
    const eol = detectEol(context.text);
    const lastUser = [...stage.instructions].reverse().find((instruction) => instruction.keyword === 'USER');
    const command = stage.instructions.find(
      (instruction) =>
        (instruction.keyword === 'CMD' || instruction.keyword === 'ENTRYPOINT') && (!lastUser || instruction.start > lastUser.start),
    );
    const edit = command
      ? { start: command.start, end: command.start, text: `USER 1000${eol}` }
      : appendToStage(context.text, stage, `USER 1000`, eol);
    context.report({
      start: stage.from.start,
      end: stage.imageEnd,
      message: 'The final image stage runs as root: add a non-root USER so a compromised process does not own the container',
      fix: { description: 'Add USER 1000 before CMD/ENTRYPOINT', edits: [edit], safe: false },
    });
  },
};

/** An edit that appends a line at the end of a stage. */
export function appendToStage(text: string, stage: DockerStage, line: string, eol: string) {
  const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
  const newline = text.indexOf('\n', last.end);
  if (newline < 0) return { start: text.length, end: text.length, text: `${eol}${line}${eol}` };
  return { start: newline + 1, end: newline + 1, text: `${line}${eol}` };
}

/** Image families whose default user is not root. */
const NON_ROOT_IMAGES = [
  /:nonroot\b/i,
  /-nonroot\b/i,
  /^cgr\.dev\/chainguard\//i,
  /(^|\/)bitnami\/(?!minideb)/i,
  /(^|\/)nginx-unprivileged\b/i,
  /(^|\/)jupyter\//i,
  /(^|\/)ubi\d*\/(python|nodejs|s2i)-/i,
];

/** 'root', another user, or 'unknown' (a variable). */
export function effectiveUser(dockerfile: DockerfileModel, stage: DockerStage, depth = 0): string {
  const user = [...stage.instructions].reverse().find((instruction) => instruction.keyword === 'USER');
  if (user) {
    const value = user.words[0] ?? '';
    if (value.includes('$')) return 'unknown';
    const name = value.split(':')[0];
    return name === 'root' || name === '0' ? 'root' : name;
  }
  const parent = depth < 32 ? parentStage(dockerfile, stage) : undefined;
  if (parent) return effectiveUser(dockerfile, parent, depth + 1);
  if (NON_ROOT_IMAGES.some((pattern) => pattern.test(stage.image))) return 'nonroot';
  if (stage.image.includes('$')) return 'unknown';
  return 'root';
}
