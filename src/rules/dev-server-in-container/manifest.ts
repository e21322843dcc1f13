import { effectiveCommand, targetStages, type DockerfileModel } from '../../parsers/dockerfile/model';
import { commandWords, devServerIn } from '../../parsers/shell/command';
import { commandEntries } from '../../parsers/yaml/model';
import type { ManifestContext, ManifestRuleImplementation } from '../../parsers/manifestRule';

const MESSAGE = (found: string) =>
  `The container runs a development server (${found}): it is single-process, watches files and is not built for production traffic; run gunicorn/uvicorn without reload or a model server`;

/**
 * dev-server-in-container: the container's own process is a development server (`devServerIn`:
 * `flask run`, `--reload`, `--debug`, `jupyter notebook|lab|server`, `streamlit run` with a
 * development flag). What counts is the command of each target stage of a Dockerfile (its
 * ENTRYPOINT + CMD, inherited through `FROM <stage>`), compose `command:`/`entrypoint:` and
 * Kubernetes `command:`/`args:`: a dev tool used in a build step, or in a stage that only feeds
 * another, does not serve traffic. Notebook runners are `notebook-in-production`'s.
 */
export const manifest: ManifestRuleImplementation = {
  dockerfile(dockerfile, context) {
    reportDockerCommand(dockerfile, context, devServerIn, MESSAGE);
  },
  kubernetes(workload, context) {
    for (const container of workload.containers) reportYamlCommand(container.map, ['command', 'args'], context, devServerIn, MESSAGE);
  },
  compose(service, context) {
    reportYamlCommand(service.map, ['entrypoint', 'command'], context, devServerIn, MESSAGE);
  },
};

/** Reports on the `command`/`args` entry of a container or compose service when `detect` finds something in what it runs. */
export function reportYamlCommand(
  map: import('yaml').YAMLMap,
  keys: readonly string[],
  context: ManifestContext,
  detect: (words: readonly string[]) => string | undefined,
  message: (found: string) => string,
): void {
  const entries = commandEntries(map, keys);
  const found = detect(commandWords(entries.flatMap((entry) => entry.words)));
  if (!found) return;
  const entry = entries.find((candidate) => detect(commandWords(candidate.words))) ?? entries[entries.length - 1];
  context.report({ start: entry.start, end: entry.end, message: message(found) });
}

/**
 * Reports on the CMD or ENTRYPOINT of each target stage (deployment.md §1, or the stages the
 * deployment model names) when `detect` finds something in the command that stage runs. An
 * instruction inherited by several targets is reported once, where it is written.
 */
export function reportDockerCommand(
  dockerfile: DockerfileModel,
  context: ManifestContext,
  detect: (words: readonly string[]) => string | undefined,
  message: (found: string) => string,
): void {
  const reported = new Set<number>();
  for (const stage of targetStages(dockerfile, context.deployment?.targetStages)) {
    const commands = effectiveCommand(dockerfile, stage);
    const found = detect(commandWords(commands.flatMap((instruction) => instruction.words)));
    if (!found) continue;
    const at = commands.find((instruction) => detect(commandWords(instruction.words))) ?? commands[commands.length - 1];
    if (reported.has(at.start)) continue;
    reported.add(at.start);
    context.report({ start: at.start, end: at.end, message: message(found) });
  }
}
