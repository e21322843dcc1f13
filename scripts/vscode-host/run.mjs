#!/usr/bin/env node
// Runs the @vscode/test-electron-shaped suite (test/vscode, compiled to out/test/vscode) inside a
// real VS Code: code-server's Node extension host, driven by Debian's headless chromium.
//
//   node scripts/vscode-host/run.mjs [--no-setup] [--no-build (keep dist/)] [--no-ui] [--grep PATTERN]
//                                    [--timeout SECONDS] [--workspace DIR]... [--suite FILE] [--out DIR] [--keep]
//
// Then (unless --no-ui or --grep) the packaging and UI checks of ui-check.mjs. Prints the results
// ending with one plain "N passed, N failed" line; exits non-zero on any failure, on timeout, or
// when the host cannot start.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  copyDir,
  ensureHostInstalled,
  freePort,
  launchChromium,
  log,
  repoRoot,
  scratchDirs,
  startCodeServer,
} from './host.mjs';

function parseArgs(argv) {
  const options = {
    setup: true,
    build: true,
    grep: process.env.PRODREADY_TEST_GREP || '',
    timeoutSeconds: Number(process.env.PRODREADY_HOST_TIMEOUT || 300),
    workspaces: [],
    suite: path.join(repoRoot, 'out/test/vscode/index.js'),
    out: path.join(repoRoot, '.vscode-test/host'),
    keep: false,
    ui: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--no-setup') options.setup = false;
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--grep') options.grep = value();
    else if (arg === '--timeout') options.timeoutSeconds = Number(value());
    else if (arg === '--workspace') options.workspaces.push(path.resolve(value()));
    else if (arg === '--suite') options.suite = path.resolve(value());
    else if (arg === '--out') options.out = path.resolve(value());
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--no-ui') options.ui = false;
    else if (arg === '--help' || arg === '-h') usage();
    else usage(`unknown argument ${arg}`);
  }
  if (options.workspaces.length === 0) {
    // The example service first, then the suite's own fixtures (notebook, large file) on top.
    options.workspaces = [path.join(repoRoot, 'examples'), path.join(repoRoot, 'test/vscode/fixtures/workspace')];
  }
  return options;
}

function usage(problem) {
  const text = fs
    .readFileSync(new URL(import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('//'))
    .slice(0, 11)
    .map((line) => line.replace(/^\/\/ ?/, ''))
    .join('\n');
  if (problem) {
    process.stderr.write(`run.mjs: ${problem}\n${text}\n`);
    process.exit(2);
  }
  process.stdout.write(`${text}\n`);
  process.exit(0);
}

function runStep(label, command, args) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${label} failed`);
  log(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** `--no-build` skips only the extension bundle (npm test builds it first); the suite always compiles. */
export function buildExtensionAndSuite({ bundle = true } = {}) {
  if (bundle || !fs.existsSync(path.join(repoRoot, 'dist/extension.js'))) {
    runStep('build extension', process.execPath, [path.join(repoRoot, 'scripts/build.mjs')]);
  }
  compileSuite();
}

/**
 * Type errors in the suite fail the run; errors elsewhere in src/ are the root type-check's to
 * report (npm test runs it), and tsc still emits, so they do not block the real-host run.
 */
function compileSuite() {
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', path.join(repoRoot, 'test/vscode/tsconfig.json')],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  const output = `${result.stdout}${result.stderr}`.trim();
  if (output) process.stderr.write(output + '\n');
  const suiteErrors = output.split('\n').filter((line) => /^test[\\/]vscode[\\/].*error TS/.test(line));
  if (suiteErrors.length || !fs.existsSync(path.join(repoRoot, 'out/test/vscode/index.js'))) throw new Error('compile suite failed');
  log(`compile suite: ${((Date.now() - started) / 1000).toFixed(1)} s${result.status ? ' (type errors outside the suite, see above)' : ''}`);
}

/** Runs one compiled suite in code-server + chromium; returns { exitCode, results }. */
export async function runSuiteInHost({ workspaces, suite, out, grep, timeoutSeconds, keep }) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'prodready-host-'));
  const workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(workspace);
  for (const source of workspaces) if (fs.existsSync(source)) copyDir(source, workspace);
  const dirs = scratchDirs(scratch);
  fs.mkdirSync(out, { recursive: true });
  const resultsFile = path.join(out, 'results.txt');
  const serverLog = path.join(out, 'code-server.log');
  const consoleLog = path.join(out, 'workbench-console.log');
  for (const file of [resultsFile, serverLog, consoleLog, path.join(out, 'measurements.json')]) fs.rmSync(file, { force: true });

  const port = await freePort();
  const started = Date.now();
  const server = await startCodeServer({
    dirs,
    workspace,
    port,
    logFile: serverLog,
    // Read by test/vscode/index.ts inside the extension host.
    env: {
      PRODREADY_TEST_RESULTS: resultsFile,
      PRODREADY_TEST_OUT: out,
      PRODREADY_TEST_GREP: grep,
    },
  });
  log(`code-server on 127.0.0.1:${port} after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  let context;
  let exitCode;
  let timer;
  try {
    context = await launchChromium(dirs);
    const page = context.pages()[0] ?? (await context.newPage());
    const consoleLines = [];
    page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => consoleLines.push(`[pageerror] ${error.message}`));
    const exited = new Promise((resolve) => {
      page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
    });
    const remote = (absolute) => `vscode-remote://127.0.0.1:${port}${absolute}`;
    const payload = [
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(suite)],
    ];
    const url =
      `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}` +
      `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutSeconds * 1000);
    });
    exitCode = await Promise.race([exited, timedOut]);
    fs.writeFileSync(consoleLog, consoleLines.join('\n') + '\n');
    if (exitCode === 'timeout') log(`timed out after ${timeoutSeconds} s; workbench console: ${consoleLog}`);
  } finally {
    clearTimeout(timer);
    await context?.close().catch(() => {});
    server.stop();
    if (!keep) fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
    else log(`kept scratch folder ${scratch}`);
  }
  const results = fs.existsSync(resultsFile) ? fs.readFileSync(resultsFile, 'utf8') : '';
  log(`suite finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { exitCode, results, consoleLog, serverLog };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.setup) ensureHostInstalled();
  buildExtensionAndSuite({ bundle: options.build });
  if (!fs.existsSync(options.suite)) throw new Error(`no compiled suite at ${options.suite}`);

  const { exitCode, results, consoleLog } = await runSuiteInHost(options);
  const summary = /^(\d+) passed, (\d+) failed\s*$/m.exec(results.split('\n').reverse().join('\n'));
  process.stdout.write(results.replace(/^\d+ passed, \d+ failed\s*$/m, '').trimEnd() + '\n');
  let passed = Number(summary?.[1] ?? 0);
  let failed = Number(summary?.[2] ?? 0);
  if (!summary) {
    log(`the suite wrote no results; see ${consoleLog}`);
    const tail = fs.existsSync(consoleLog) ? fs.readFileSync(consoleLog, 'utf8').split('\n').slice(-40) : [];
    process.stderr.write(tail.join('\n') + '\n');
    failed++;
  } else if (exitCode !== 0 && failed === 0) {
    log(`the host ended with ${exitCode}`);
    failed++;
  }
  if (options.ui && !options.grep) {
    const { runUiChecks } = await import('./ui-check.mjs');
    const ui = await runUiChecks({ setup: false, out: path.join(options.out, 'ui') });
    process.stdout.write(ui.text);
    passed += ui.passed;
    failed += ui.failed;
  }
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`[vscode-host] ${error.stack || error}\n`);
      process.stdout.write('0 passed, 1 failed\n');
      process.exit(1);
    },
  );
}
