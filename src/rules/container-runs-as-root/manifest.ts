import { detectEol } from '../../core/text';
import { baseFamily, isLambdaImage, runsAsNonRoot } from '../../knowledge/images';
import { insertBeforeCommand } from '../../parsers/dockerfile/edits';
import { baseImage, parentStage, stageChain, targetStages, type DockerfileModel, type DockerStage } from '../../parsers/dockerfile/model';
import { splitShell } from '../../parsers/shell/command';
import type { ManifestRuleImplementation } from '../../parsers/manifestRule';

/**
 * container-runs-as-root: every target stage (deployment.md §1: the final stage, and each stage with
 * its own CMD/ENTRYPOINT that no other stage builds or copies from, unless the deployment model names
 * the targets) runs as root unless some `USER` in its chain sets another user. Base images that
 * default to a non-root user (distroless `:nonroot`, Chainguard, KubeRay, TorchServe) and AWS Lambda
 * base images (Lambda ignores USER) are not flagged, and neither is a `USER ${VAR}` or `FROM ${VAR}`.
 *
 * The fix (R2.2, unsafe: files the build wrote as root may need `--chown`) switches to a user with a
 * home directory: one the Dockerfile already creates, else one it adds for the base's family
 * (Debian/Ubuntu `useradd --create-home`, Alpine `adduser -D`, distroless's `nonroot`); an unknown
 * base gets no fix. The lines go before the stage's CMD/ENTRYPOINT, after its last build step.
 */
export const manifest: ManifestRuleImplementation = {
  dockerfile(dockerfile, context) {
    const eol = detectEol(context.text);
    for (const stage of targetStages(dockerfile, context.deployment?.targetStages)) {
      if (isLambdaImage(baseImage(dockerfile, stage)) || effectiveUser(dockerfile, stage) !== 'root') continue;
      const lines = userLines(dockerfile, stage);
      context.report({
        start: stage.from.start,
        end: stage.imageEnd,
        message: `${stageLabel(dockerfile, stage)} runs as root: add a non-root USER so a compromised process does not own the container${
          lines ? '' : ` (no fix: prodready does not know how '${baseImage(dockerfile, stage)}' creates users)`
        }`,
        fix: lines
          ? {
              description: `Run as ${lines[lines.length - 1].slice('USER '.length)}, a user with a home directory`,
              edits: [insertBeforeCommand(context.text, stage, lines, eol)],
              safe: false,
            }
          : undefined,
      });
    }
  },
};

/** `The final stage`, `Stage 'serve'`: how a message names a target stage. */
export function stageLabel(dockerfile: DockerfileModel, stage: DockerStage): string {
  if (stage.name) return `Stage '${stage.name}'`;
  if (stage === dockerfile.stages[dockerfile.stages.length - 1]) return 'The final stage';
  return `Stage ${dockerfile.stages.indexOf(stage)}`;
}

/** The instructions that make the stage run as a non-root user, or undefined when the base is unknown. */
function userLines(dockerfile: DockerfileModel, stage: DockerStage): string[] | undefined {
  const created = createdUser(dockerfile, stage);
  if (created) return [`USER ${created}`];
  switch (baseFamily(baseImage(dockerfile, stage))) {
    case 'debian':
      return ['RUN useradd --create-home --uid 10001 app', 'USER app'];
    case 'alpine':
      return ['RUN adduser -D -u 10001 app', 'USER app'];
    case 'distroless':
      return ['USER nonroot'];
    default:
      return undefined;
  }
}

/** Options of useradd/adduser (shadow, Debian and BusyBox) that take a value. */
const USER_OPTIONS_WITH_VALUE =
  /^(-[ugGdscpefkKhb]|--(uid|gid|groups|home|home-dir|shell|comment|gecos|ingroup|password|expiredate|inactive|skel|key|base-dir|firstuid|lastuid))$/;

/** A user that a `RUN useradd`/`adduser` of the stage's chain creates (the last one), if any. */
function createdUser(dockerfile: DockerfileModel, stage: DockerStage): string | undefined {
  for (const current of stageChain(dockerfile, stage)) {
    for (const instruction of [...current.instructions].reverse()) {
      if (instruction.keyword !== 'RUN') continue;
      for (const segment of instruction.argumentText.split(/&&|\|\||;|\n/).reverse()) {
        const words = splitShell(segment);
        const at = words.findIndex((word) => /^(useradd|adduser)$/.test(word.replace(/^.*\//, '')));
        if (at < 0) continue;
        const positional: string[] = [];
        for (let i = at + 1; i < words.length; i++) {
          if (USER_OPTIONS_WITH_VALUE.test(words[i])) i++;
          else if (!words[i].startsWith('-')) positional.push(words[i]);
        }
        // `adduser app staff` (Debian) adds an existing user to a group: the user is its first word.
        const name = words[at].endsWith('adduser') && positional.length === 2 ? positional[0] : positional[positional.length - 1];
        if (name && /^[a-z_][a-z0-9_-]*\$?$/i.test(name) && name !== 'root') return name;
      }
    }
  }
  return undefined;
}

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
  if (runsAsNonRoot(stage.image)) return 'nonroot';
  if (stage.image.includes('$')) return 'unknown';
  return 'root';
}
