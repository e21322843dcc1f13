// Stand-in bundle of the extension for the test host, used only while scripts/build.mjs (the
// project's build) does not exist: src/extension.ts -> dist/extension.js, CommonJS, vscode external.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './host.mjs';

await build({
  entryPoints: [path.join(repoRoot, 'src/extension.ts')],
  outfile: path.join(repoRoot, 'dist/extension.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  sourcemap: true,
  logLevel: 'warning',
});
const wasmDir = path.join(repoRoot, 'node_modules/@vscode/tree-sitter-wasm/wasm');
for (const file of ['tree-sitter.wasm', 'tree-sitter-python.wasm', 'tree-sitter-typescript.wasm', 'tree-sitter-tsx.wasm', 'tree-sitter-javascript.wasm']) {
  if (fs.existsSync(path.join(wasmDir, file))) fs.copyFileSync(path.join(wasmDir, file), path.join(repoRoot, 'dist', file));
}
