import { runCommands, type DockerfileModel } from '../../parsers/dockerfile/model';
import { commandWords, devServerIn } from '../../parsers/shell/command';
import { commandEntries } from '../../parsers/yaml/model';
import type { ManifestContext, ManifestRuleImplementation } from '../../parsers/manifestRule';

const MESSAGE = (found: string) =>
  `The container runs a development server (${found}): it is single-process, watches files and is not built for production traffic; run gunicorn/uvicorn without reload or a model server`;

/**
 * dev-server-in-container: the container's own process is a development server (`flask run`,
 * `--reload`, `--debug`, Jupyter, `streamlit run`, a notebook runner). Only the final stage's
 * CMD/ENTRYPOINT, compose `command:`/`entrypoint:` and Kubernetes `command:`/`args:` count: a dev
 * tool used in a build step does not serve traffic.
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

/** Reports on the final stage's CMD or ENTRYPOINT when `detect` finds something in the command it runs. */
export function reportDockerCommand(
  dockerfile: DockerfileModel,
  context: ManifestContext,
  detect: (words: readonly string[]) => string | undefined,
  message: (found: string) => string,
): void {
  const stage = dockerfile.stages[dockerfile.stages.length - 1];
  if (!stage) return;
  const commands = runCommands(stage);
  const found = detect(commandWords(commands.flatMap((instruction) => instruction.words)));
  if (!found) return;
  const at = commands.find((instruction) => detect(commandWords(instruction.words))) ?? commands[commands.length - 1];
  context.report({ start: at.start, end: at.end, message: message(found) });
}
