import * as fs from 'fs';
import * as path from 'path';
import type { Language, Parser as ParserType } from '@vscode/tree-sitter-wasm';

type TreeSitterModule = typeof import('@vscode/tree-sitter-wasm');

let runtime: Promise<TreeSitterModule> | undefined;
const languages = new Map<string, Promise<Language>>();

/**
 * The WASM files sit next to the bundle in the packaged extension and the CLI bundle
 * (scripts/build.mjs copies them); from compiled sources they come from node_modules.
 */
function wasmPath(file: string): string {
  const beside = path.join(__dirname, file);
  if (fs.existsSync(beside)) return beside;
  return require.resolve(`@vscode/tree-sitter-wasm/wasm/${file}`);
}

function loadRuntime(): Promise<TreeSitterModule> {
  runtime ??= (async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('@vscode/tree-sitter-wasm') as TreeSitterModule;
    await mod.Parser.init({ locateFile: (file: string) => wasmPath(file) });
    return mod;
  })();
  return runtime;
}

export async function loadTreeSitterLanguage(
  grammar: 'python' | 'typescript' | 'tsx' | 'javascript',
): Promise<{ module: TreeSitterModule; language: Language }> {
  const module = await loadRuntime();
  let language = languages.get(grammar);
  if (!language) {
    language = module.Language.load(fs.readFileSync(wasmPath(`tree-sitter-${grammar}.wasm`)));
    languages.set(grammar, language);
  }
  return { module, language: await language };
}

export type { ParserType };
