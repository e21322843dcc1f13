// Bundles the CLI, the extension and its scan worker with esbuild into dist/, with the TS/JS parser
// in a chunk of its own (dist/typescript.js, loaded on the first TS/JS file: scripts/lib/typescriptChunk.mjs),
// and copies the tree-sitter WASM files beside them (found at run time through locateFile).
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asciiOutput } from './lib/asciiOutput.mjs';
import { typescriptChunkEntry, typescriptChunkPlugin } from './lib/typescriptChunk.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');

const entries = [
  { in: 'src/cli/main.ts', out: 'cli' },
  { in: 'src/extension.ts', out: 'extension' },
  { in: 'src/vscode/scanWorker.ts', out: 'scanWorker' },
].filter((entry) => existsSync(join(root, entry.in)));

mkdirSync(join(root, 'dist'), { recursive: true });
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: [...entries.map((entry) => ({ in: entry.in, out: entry.out })), typescriptChunkEntry],
  plugins: [typescriptChunkPlugin],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  // jsonc-parser's `main` is a UMD build whose require('./impl/format') esbuild cannot follow: every
  // package.json and notebook crashed in the bundle. Its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { PRODREADY_VERSION: JSON.stringify(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version) },
  metafile: true,
});
const nonAscii = asciiOutput(
  Object.keys(result.metafile.outputs)
    .filter((file) => file.endsWith('.js'))
    .map((file) => join(root, file)),
);
if (nonAscii.length) console.warn(`build: non-ASCII outside comments, left as is (slower to load): ${nonAscii.join(', ')}`);

const wasmFolder = dirname(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm'));
for (const file of ['tree-sitter.wasm', 'tree-sitter-python.wasm']) {
  copyFileSync(join(wasmFolder, file), join(root, 'dist', file));
}
