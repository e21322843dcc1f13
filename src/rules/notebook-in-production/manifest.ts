import { notebookRunIn } from '../../parsers/shell/command';
import { reportDockerCommand, reportYamlCommand } from '../dev-server-in-container/manifest';
import type { ManifestRuleImplementation } from '../../parsers/manifestRule';

/**
 * notebook-in-production (deployment artifacts): the container's process executes a notebook
 * (`jupyter nbconvert --execute`, `papermill`, `jupyter execute`, `ipython x.ipynb`). Converting a
 * notebook without executing it is not flagged. The cross-file half (serving code importing from a
 * notebook) lives in the workspace pass.
 */
const MESSAGE = (how: string) =>
  `This deployment runs a notebook as its job (${how}): hidden cell state and untestable code in production; export the logic to a module and run that`;

export const manifest: ManifestRuleImplementation = {
  dockerfile(dockerfile, context) {
    reportDockerCommand(dockerfile, context, notebookRunIn, MESSAGE);
  },
  kubernetes(workload, context) {
    for (const container of workload.containers) reportYamlCommand(container.map, ['command', 'args'], context, notebookRunIn, MESSAGE);
  },
  compose(service, context) {
    reportYamlCommand(service.map, ['entrypoint', 'command'], context, notebookRunIn, MESSAGE);
  },
};
