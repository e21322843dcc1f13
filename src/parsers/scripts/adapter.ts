import { parse as parseJsonc } from 'jsonc-parser';
import type { LanguageAdapter } from '../../core/languages';
import { LineIndex } from '../../core/text';
import type { DeploymentFileFacts, TsconfigFacts } from '../../deployment/facts';
import { shellCommand } from '../../deployment/shell';
import { MAX_MANIFEST_CHARS, jsonTooDeepAt } from '../limits';
import { recipeCommands, scriptFacts, shellScriptCommands } from '../shell/scripts';

/**
 * Files prodready reads only for what they deploy (deployment.md §1): Procfiles, Makefiles, shell
 * scripts, justfiles, mlserver's model-settings.json and tsconfig path aliases. They carry no
 * findings; a file that cannot be read as its kind simply contributes no facts.
 */
export const scriptsAdapter: LanguageAdapter = {
  async analyze(input) {
    if (input.text.length > MAX_MANIFEST_CHARS) return { findings: [] };
    return { findings: [], facts: { deployment: deploymentOf(input.kind, input.text) } };
  },
};

function deploymentOf(kind: string, text: string): DeploymentFileFacts {
  switch (kind) {
    case 'procfile':
      return { procfile: { processes: procfileProcesses(text) } };
    case 'makefile':
      return { script: scriptFacts(recipeCommands(text, 'make')) };
    case 'justfile':
      return { script: scriptFacts(recipeCommands(text, 'just')) };
    case 'shell':
      return { script: scriptFacts(shellScriptCommands(text)) };
    case 'model-settings': {
      const data = readJson(text);
      const implementation = data && typeof data === 'object' ? (data as { implementation?: unknown }).implementation : undefined;
      return { modelSettings: { implementation: typeof implementation === 'string' ? implementation : undefined } };
    }
    case 'tsconfig':
      return { tsconfig: tsconfigOf(readJson(text)) };
    default:
      return {};
  }
}

/** `name: command` lines. */
function procfileProcesses(text: string) {
  const lines = new LineIndex(text);
  const processes: Array<{ name: string; command: ReturnType<typeof shellCommand> }> = [];
  const pattern = /^([\w-]+):[ \t]*(.+)$/gm;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const start = match.index + match[0].length - match[2].length;
    processes.push({
      name: match[1],
      command: shellCommand(match[2], lines.position(match.index).line + 1, start, start + match[2].length),
    });
  }
  return processes;
}

function readJson(text: string): unknown {
  if (jsonTooDeepAt(text) >= 0) return undefined;
  return parseJsonc(text, [], { allowTrailingComma: true });
}

function tsconfigOf(data: unknown): TsconfigFacts {
  const options = (data as { compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | undefined)?.compilerOptions;
  const facts: TsconfigFacts = { paths: [] };
  if (typeof options?.baseUrl === 'string') facts.baseUrl = options.baseUrl;
  if (options?.paths && typeof options.paths === 'object') {
    for (const [alias, targets] of Object.entries(options.paths as Record<string, unknown>)) {
      const target = Array.isArray(targets) ? targets[0] : undefined;
      if (typeof target !== 'string' || !alias.endsWith('/*') || !target.endsWith('/*')) continue;
      facts.paths.push({ prefix: alias.slice(0, -1), target: target.slice(0, -1) });
    }
  }
  return facts;
}
