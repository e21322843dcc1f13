#!/usr/bin/env node
// The same suite as scripts/vscode-host/run.mjs, run the standard way with @vscode/test-electron
// (downloads a desktop VS Code). For public CI with internet access; it cannot run on machines
// that reach only package registries, where run.mjs runs the suite in code-server instead.
import { runTests } from '@vscode/test-electron';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildExtensionAndSuite } from './run.mjs';
import { copyDir, repoRoot } from './host.mjs';

buildExtensionAndSuite({ bundle: !process.argv.includes('--no-build') });

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'prodready-electron-'));
for (const source of [path.join(repoRoot, 'examples'), path.join(repoRoot, 'test/vscode/fixtures/workspace')]) {
  if (fs.existsSync(source)) copyDir(source, workspace);
}
const out = path.join(repoRoot, '.vscode-test/electron');
fs.mkdirSync(out, { recursive: true });

try {
  await runTests({
    version: process.env.VSCODE_TEST_VERSION || 'stable',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out/test/vscode/index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
    extensionTestsEnv: {
      PRODREADY_TEST_RESULTS: path.join(out, 'results.txt'),
      PRODREADY_TEST_OUT: out,
      PRODREADY_TEST_GREP: process.env.PRODREADY_TEST_GREP || '',
    },
  });
} catch (error) {
  console.error(`test:electron failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
}
