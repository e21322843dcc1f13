// Bundles the analysis core and the reliability helpers (test/unit/reliability/*.ts) into one
// CommonJS file under out/, so the benchmark and the sweep run the same code as the CLI without
// depending on a full type-check of the tree. esbuild does not type-check; `npm test` does.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asciiOutput } from './asciiOutput.mjs';
import { typescriptChunkEntry, typescriptChunkPlugin } from './typescriptChunk.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const outDir = join(root, 'out', 'scripts-core');

const ENTRY = `
export { analyzeText, finalize, RULES } from './src/session/engine';
import { RULES as registry } from './src/session/engine';
import { implementationsOf } from './src/core/rule';
export const PYTHON_RULES = implementationsOf(registry, 'python');
export { applyFixes } from './src/core/fixes';
export { fileKindOf } from './src/core/fileKinds';
export { severitiesFrom } from './src/core/config';
export { LineIndex } from './src/core/text';
export { loadPython, parsePython, analyzePythonTree } from './src/parsers/python/analyze';
export * as corpus from './test/unit/reliability/corpus';
export * as sweep from './test/unit/reliability/sweepCore';
`;
// Optional parts: exported when the tree has them (other engineers add adapters as we go).
const OPTIONAL = [
  ['src/parsers/typescript/parse.ts', "export { parseTypeScript } from './src/parsers/typescript/parse';"],
  ['src/parsers/typescript/generated.ts', "export { generatedCode } from './src/parsers/typescript/generated';"],
];

// What a cold start loads: the engine alone (adapters load lazily on first use of their kind).
const ENGINE_ENTRY = `export { analyzeText } from '../../src/session/engine';\n`;

/** Builds out/scripts-core/core.js and engine.js (a second or two) and returns the folder. */
export async function buildCore() {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const entry =
    ENTRY +
    OPTIONAL.filter(([file]) => existsSync(join(root, file)))
      .map(([, line]) => line)
      .join('\n');
  writeFileSync(join(outDir, 'core-entry.ts'), entry.replaceAll("'./", "'../../"));
  writeFileSync(join(outDir, 'engine-entry.ts'), ENGINE_ENTRY);
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [
      { in: join(outDir, 'core-entry.ts'), out: 'core' },
      { in: join(outDir, 'engine-entry.ts'), out: 'engine' },
      // The TS/JS parser as a chunk beside them, as scripts/build.mjs does for the CLI.
      typescriptChunkEntry,
    ],
    plugins: [typescriptChunkPlugin],
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    // As scripts/build.mjs bundles the CLI, so the sweep meets what users run.
    mainFields: ['module', 'main'],
    sourcemap: true,
    logLevel: 'error',
    metafile: true,
  });
  // Pure ASCII loads faster, as for the CLI bundle (scripts/lib/asciiOutput.mjs).
  asciiOutput(
    Object.keys(result.metafile.outputs)
      .filter((file) => file.endsWith('.js'))
      .map((file) => join(root, file)),
  );
  // The tree-sitter runtime finds its .wasm files beside the bundle first (src/parsers/treeSitter.ts).
  const wasmFolder = dirname(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm'));
  for (const file of [
    'tree-sitter.wasm',
    'tree-sitter-python.wasm',
    'tree-sitter-javascript.wasm',
    'tree-sitter-typescript.wasm',
    'tree-sitter-tsx.wasm',
  ]) {
    if (existsSync(join(wasmFolder, file))) copyFileSync(join(wasmFolder, file), join(outDir, file));
  }
  return outDir;
}

export function coreBundlePath() {
  return join(outDir, 'core.js');
}

export function loadCore() {
  return require(coreBundlePath());
}
