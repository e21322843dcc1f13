import type { LanguageAdapter } from '../../core/languages';
import { ManifestRunner } from '../manifestRule';
import { normalizeDistribution } from '../dependencies';
import { MAX_MANIFEST_CHARS, tooLarge } from '../limits';
import { splitShell } from '../shell/command';
import { dockerfileDeployment } from './deployment';
import { DockerfileSyntaxError, parseDockerfile, type DockerfileModel } from './model';

/**
 * Dockerfiles through dockerfile-ast (multi-stage aware). A line that is no Dockerfile instruction
 * makes Docker refuse the file, so the file is skipped with that line and column instead of being
 * half-analysed. Facts: the ENV/ARG names the image provides and the packages its RUN steps pip-install.
 */
export const dockerfileAdapter: LanguageAdapter = {
  async analyze(input) {
    if (input.text.length > MAX_MANIFEST_CHARS) return { findings: [], skipped: tooLarge(input.text) };
    const longLine = firstLongLine(input.text, MAX_LINE_CHARS);
    if (longLine !== undefined) {
      // dockerfile-ast takes seconds on a line this long; no hand-written instruction is.
      return { findings: [], skipped: `invalid Dockerfile: line ${longLine} is longer than ${MAX_LINE_CHARS / 1024} KB` };
    }
    let model: DockerfileModel;
    try {
      model = parseDockerfile(input.text);
    } catch (error) {
      if (error instanceof DockerfileSyntaxError) return { findings: [], skipped: `invalid Dockerfile: ${error.message}` };
      throw error;
    }
    if (!model.stages.length) return { findings: [], skipped: 'invalid Dockerfile: no FROM instruction' };
    const runner = new ManifestRunner(input);
    runner.run('dockerfile', model);
    return { findings: runner.findings, facts: { ...dockerfileFacts(model), deployment: { dockerfile: dockerfileDeployment(model) } } };
  },
};

const MAX_LINE_CHARS = 64 * 1024;

/** The 1-based number of the first line longer than `limit`, in one pass. */
function firstLongLine(text: string, limit: number): number | undefined {
  let line = 1;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) === 10) {
      if (i - start > limit) return line;
      line++;
      start = i + 1;
    }
  }
  return undefined;
}

function dockerfileFacts(model: DockerfileModel) {
  const envProvided = new Set<string>();
  const installed: string[] = [];
  for (const instruction of [...model.preamble, ...model.stages.flatMap((stage) => stage.instructions)]) {
    if (instruction.keyword === 'ENV') {
      for (const property of (instruction.node as import('dockerfile-ast').Env).getProperties()) envProvided.add(property.getName());
    } else if (instruction.keyword === 'ARG') {
      const name = instruction.words[0]?.split('=')[0];
      if (name) envProvided.add(name);
    } else if (instruction.keyword === 'RUN') {
      installed.push(...pipInstalled(instruction.argumentText));
    }
  }
  return { deploymentArtifact: true, envProvided: [...envProvided], pythonDistributions: installed.map(normalizeDistribution) };
}

/** Package names of `pip install a b==1 "c[x]>=2"` (also `pip3`, `python -m pip`, `uv pip`) in a RUN step. */
export function pipInstalled(command: string): string[] {
  const names: string[] = [];
  for (const segment of command.split(/&&|\|\||;|\n/)) {
    const words = splitShell(segment);
    const install = words.indexOf('install');
    if (install < 1 || !/^(pip3?(\.\d+)?|pip)$/.test(words[install - 1].replace(/^.*\//, ''))) continue;
    for (let i = install + 1; i < words.length; i++) {
      const word = words[i];
      if (word.startsWith('-')) {
        // Options with a separate value: skip the value too.
        if (
          /^(-r|--requirement|-c|--constraint|-i|--index-url|--extra-index-url|-f|--find-links|-t|--target|--prefix|--root|-e|--editable)$/.test(
            word,
          )
        )
          i++;
        continue;
      }
      const name = /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(word)?.[0];
      if (name && !/^[.~/]/.test(word)) names.push(name);
    }
  }
  return names;
}
