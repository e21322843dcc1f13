#!/usr/bin/env node
// Packaging and UI checks, reported like the suite ("ok"/"FAIL" lines, then "N passed, N failed"):
//   1. the VSIX (npm run package) holds only what the extension needs and stays under 8 MB;
//   2. installed offline into code-server, it shows the pilot's findings in the Problems panel
//      (read through the real workbench UI with Playwright; screenshot saved under --out).
//
//   node scripts/vscode-host/ui-check.mjs [--no-setup] [--no-package] [--vsix FILE] [--out DIR]
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import {
  codeServerCli,
  copyDir,
  ensureHostInstalled,
  freePort,
  launchChromium,
  log,
  repoRoot,
  scratchDirs,
  startCodeServer,
} from './host.mjs';

const MAX_VSIX_BYTES = 8 * 1024 * 1024;

/** The entries of a zip file, from its central directory (no dependency needed for a listing). */
export function zipEntries(file) {
  const data = fs.readFileSync(file);
  let end = data.length - 22;
  while (end >= 0 && data.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error(`${file} is not a zip file`);
  const count = data.readUInt16LE(end + 10);
  let offset = data.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (data.readUInt32LE(offset) !== 0x02014b50) throw new Error('corrupt central directory');
    const method = data.readUInt16LE(offset + 10);
    const compressedSize = data.readUInt32LE(offset + 20);
    const size = data.readUInt32LE(offset + 24);
    const nameLength = data.readUInt16LE(offset + 28);
    const extraLength = data.readUInt16LE(offset + 30);
    const commentLength = data.readUInt16LE(offset + 32);
    const localHeader = data.readUInt32LE(offset + 42);
    const name = data.toString('utf8', offset + 46, offset + 46 + nameLength);
    const read = () => {
      const start = localHeader + 30 + data.readUInt16LE(localHeader + 26) + data.readUInt16LE(localHeader + 28);
      const raw = data.subarray(start, start + compressedSize);
      return method === 0 ? raw : zlib.inflateRawSync(raw);
    };
    entries.push({ name, size, read });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/(readme|changelog)\.md$/i,
  /^extension\/LICENSE(\.md|\.txt)?$/i,
  /^extension\/dist\/(extension|scanWorker|cli|typescript)\.js$/,
  /^extension\/dist\/tree-sitter(-[a-z]+)?\.wasm$/,
  /^extension\/docs\/rules\/[a-z0-9-]+\.md$/,
  /^extension\/snippets\/[a-z-]+\.json$/,
  /^extension\/syntaxes\/[a-z.-]+\.json$/,
  /^extension\/walkthrough\/[a-z-]+\.md$/,
  /^extension\/media\/[\w.-]+$/,
];

function checkVsix(vsix, record) {
  const size = fs.statSync(vsix).size;
  record(`VSIX is under 8 MB (${(size / 1024 / 1024).toFixed(2)} MB)`, size < MAX_VSIX_BYTES);
  const entries = zipEntries(vsix);
  const names = entries.map((entry) => entry.name);
  fs.writeFileSync(path.join(options.out, 'vsix-contents.txt'), entries.map((entry) => `${entry.size}\t${entry.name}`).join('\n') + '\n');
  const unexpected = names.filter((name) => !ALLOWED.some((pattern) => pattern.test(name)));
  record(`VSIX holds only run-time files (no node_modules, sources, tests, maps)${unexpected.length ? `: unexpected ${unexpected.join(', ')}` : ''}`, unexpected.length === 0);
  const manifest = JSON.parse(entries.find((entry) => entry.name === 'extension/package.json').read().toString('utf8'));
  const needed = [
    manifest.main.replace(/^\.\//, ''),
    'dist/scanWorker.js',
    // The TS/JS parser chunk the bundles load on the first TS/JS file (scripts/lib/typescriptChunk.mjs).
    'dist/typescript.js',
    'dist/tree-sitter.wasm',
    'dist/tree-sitter-python.wasm',
    ...manifest.contributes.snippets.map((snippet) => snippet.path),
    ...manifest.contributes.grammars.map((grammar) => grammar.path),
    ...manifest.contributes.yamlValidation.map((schema) => schema.url),
    ...manifest.contributes.walkthroughs.flatMap((walkthrough) => walkthrough.steps.map((step) => step.media.markdown)),
    ...Object.keys(manifest.contributes.configuration.properties)
      .filter((key) => key.startsWith('prodready.rules.'))
      .map((key) => `docs/rules/${key.slice('prodready.rules.'.length)}.md`),
  ].map((file) => `extension/${file.replace(/^\.\//, '')}`);
  const missing = needed.filter((file) => !names.includes(file));
  record(`VSIX holds the bundle, worker, TS/JS parser chunk, WASM grammars and every contributed file${missing.length ? `: missing ${missing.join(', ')}` : ''}`, missing.length === 0);
}

async function checkProblemsPanel(vsix, record) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'prodready-ui-'));
  const workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(workspace);
  copyDir(path.join(repoRoot, 'examples'), workspace);
  const pilotFile = findPilotFile(workspace);
  const dirs = scratchDirs(scratch);
  const started = Date.now();
  codeServerCli(dirs, ['--install-extension', vsix]);
  const installed = fs.readdirSync(dirs.extensions).some((name) => name.startsWith('prodready.prodready-'));
  record('the VSIX installs offline into code-server', installed);
  const port = await freePort();
  const server = await startCodeServer({ dirs, workspace, port, logFile: path.join(options.out, 'ui-code-server.log') });
  let context;
  try {
    context = await launchChromium(dirs);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
    await page.waitForTimeout(1500);
    // Open the pilot's file in the Explorer, like a user: expand each folder, then click the file.
    for (const segment of path.relative(workspace, pilotFile).split(path.sep)) {
      const row = page.locator('.explorer-viewlet').getByRole('treeitem', { name: segment, exact: true }).first();
      await row.waitFor({ timeout: 30_000 });
      await row.click();
    }
    await page.waitForSelector(`.tab[aria-label*="${path.basename(pilotFile)}"]`, { timeout: 15_000 });
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    await page.waitForFunction(
      () => [...document.querySelectorAll('.markers-panel .monaco-list-row')].some((row) => row.textContent.includes('prodready')),
      undefined,
      { timeout: 30_000 },
    );
    const texts = await rows.allTextContents();
    const screenshot = path.join(options.out, 'problems-panel.png');
    await page.screenshot({ path: screenshot });
    fs.writeFileSync(path.join(options.out, 'problems-panel.txt'), texts.join('\n') + '\n');
    const ruleRows = texts.filter((text) => /prodready/.test(text) && /[a-z]+-[a-z-]+/.test(text));
    record(
      `the Problems panel lists the pilot's prodready findings (${ruleRows.length} rows for ${path.relative(workspace, pilotFile)}; screenshot ${path.relative(repoRoot, screenshot)}; ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      ruleRows.length > 0,
    );
  } catch (error) {
    record(`the Problems panel lists the pilot's prodready findings: ${error.message.split('\n')[0]}`, false);
    const page = context?.pages()[0];
    if (page) await page.screenshot({ path: path.join(options.out, 'problems-panel-failure.png') }).catch(() => {});
  } finally {
    await context?.close().catch(() => {});
    server.stop();
    fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** The pilot's serving module: the file most findings are about. */
function findPilotFile(workspace) {
  const candidates = ['fraud-pilot/app/main.py', 'fraud-pilot/app/serve.py'];
  for (const candidate of candidates) if (fs.existsSync(path.join(workspace, candidate))) return path.join(workspace, candidate);
  const pilot = fs.readdirSync(workspace).find((name) => name.includes('pilot'));
  const walk = (dir) =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
  const python = walk(path.join(workspace, pilot ?? '.')).find((file) => file.endsWith('.py'));
  if (!python) throw new Error('no pilot Python file in examples/');
  return python;
}

/** What YAML-validating editors do with the contributed schema, on a good and two bad configs. */
export function checkSchema() {
  const require = createRequire(import.meta.url);
  const Ajv = require('ajv');
  const YAML = require('yaml');
  const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'media/prodready.schema.json'), 'utf8'));
  const validate = new Ajv({ strict: false }).compile(schema);
  const good = YAML.parse('rules:\n  missing-timeout: error\n  print-logging: off\nexclude:\n  - "notebooks/**"\ndefaultTimeoutSeconds: 15\n');
  const unknownRule = YAML.parse('rules:\n  missing-timout: error\n');
  const unknownKey = YAML.parse('rulez: {}\n');
  return validate(good) && !validate(unknownRule) && !validate(unknownKey);
}

const options = { setup: true, pack: true, vsix: path.join(repoRoot, 'prodready.vsix'), out: path.join(repoRoot, '.vscode-test/ui') };

export async function runUiChecks(overrides = {}) {
  Object.assign(options, overrides);
  fs.mkdirSync(options.out, { recursive: true });
  const lines = [];
  let passed = 0;
  let failed = 0;
  const record = (title, ok) => {
    if (ok) passed++;
    else failed++;
    lines.push(`  ${ok ? 'ok' : 'FAIL'} ${title}`);
  };
  if (options.setup) ensureHostInstalled();
  const generated = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/vscode-host/contributes.mjs'), '--check'], { cwd: repoRoot, encoding: 'utf8' });
  record('package.json contributes and the .prodready.yaml schema match the rule registry', generated.status === 0);
  if (generated.status !== 0) lines.push(generated.stderr.trim());
  record('the .prodready.yaml schema accepts a valid config and rejects unknown rule ids and keys', checkSchema());
  if (options.pack) {
    const result = spawnSync('npm', ['run', 'package', '--silent'], { cwd: repoRoot, encoding: 'utf8' });
    record('npm run package builds the VSIX', result.status === 0 && fs.existsSync(options.vsix));
    if (result.status !== 0) lines.push(result.stdout, result.stderr);
  }
  if (fs.existsSync(options.vsix)) {
    checkVsix(options.vsix, record);
    await checkProblemsPanel(options.vsix, record);
  } else {
    record(`a VSIX at ${options.vsix}`, false);
  }
  return { text: ['packaging and UI', ...lines].join('\n') + '\n', passed, failed };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const overrides = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--no-setup') overrides.setup = false;
    else if (args[i] === '--no-package') overrides.pack = false;
    else if (args[i] === '--vsix') overrides.vsix = path.resolve(args[++i]);
    else if (args[i] === '--out') overrides.out = path.resolve(args[++i]);
    else {
      process.stderr.write(`ui-check.mjs: unknown argument ${args[i]}\n`);
      process.exit(2);
    }
  }
  runUiChecks(overrides).then(
    ({ text, passed, failed }) => {
      process.stdout.write(`${text}${passed} passed, ${failed} failed\n`);
      process.exit(failed ? 1 : 0);
    },
    (error) => {
      log(error.stack || String(error));
      process.stdout.write('0 passed, 1 failed\n');
      process.exit(1);
    },
  );
}
