// `npm run bench`: measures prodready side by side with its peers in one run, prints a table and
// writes docs/benchmarks.md (a --quick run writes bench-results/benchmarks-quick.md instead;
// `--only startup` measures the start-up alone and prints it without writing anything).
//
// Every measurement runs in a child process of its own (`--phase NAME`), so each tool starts from a
// fresh heap and each phase's peak RSS is its own. Timings cover the analysis only: files are read
// before the clock starts, and each tool's one-time initialisation (WASM compile, grammar load) is
// done before it. No timing is asserted anywhere: this reports, it does not judge.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { buildCore, loadCore, root } from './lib/core.mjs';
import { gitCommit, table } from './lib/markdown.mjs';
import { pythonServingModule, typescriptServingModule } from './lib/synthetic.mjs';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const phaseIndex = args.indexOf('--phase');
// `--only startup`: just the start-up measurements, printed, nothing written.
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const RUFF_RULES = ['S113', 'T201', 'S108', 'S110', 'BLE001'];
const SAMPLE = { python: 600, scripts: 300, edits: 40 };
const FULL = { edits: 300 };
/** Files each Python tool analyses alone, in a process of its own, to measure its peak RSS. */
const MEMORY_SAMPLE = 2000;

// ---------------------------------------------------------------- phases (run in child processes)

async function runPhase(name) {
  // The cold start loads nothing before it: the full core bundle (the TS/JS parser included) would warm the process.
  const core = name === 'cold-engine' ? undefined : loadCore();
  switch (name) {
    case 'python-interleaved':
      return pythonInterleaved(core);
    case 'python-bare':
    case 'python-prodready':
    case 'python-ruff':
      return pythonThroughput(core, name.slice('python-'.length));
    case 'scripts-bare':
    case 'scripts-prodready':
      return scriptThroughput(core, name.slice('scripts-'.length));
    case 'incremental-python':
      return incrementalPython(core);
    case 'incremental-typescript':
      return incrementalTypeScript(core);
    case 'cold-engine':
      return coldEngine();
    default:
      throw new Error(`unknown phase ${name}`);
  }
}

function pythonCorpus(core) {
  const installation = core.corpus.findPythonInstallation();
  if (!installation) throw new Error('no python3 on this machine');
  let files = core.corpus.pythonFiles(installation);
  if (quick) files = core.corpus.evenSample(files, SAMPLE.python);
  return { installation, files };
}

function readAll(files) {
  const texts = [];
  const kept = [];
  for (const file of files) {
    try {
      // Same decoding for every tool; undecodable files are left out for all three alike.
      texts.push(new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file)));
      kept.push(file);
    } catch {
      // not UTF-8: the CLI would skip it too
    }
  }
  return { files: kept, texts };
}

async function timeEach(texts, files, run) {
  let total = 0;
  let slowest = { ms: 0, file: '' };
  for (let i = 0; i < texts.length; i++) {
    const started = performance.now();
    await run(texts[i], files[i]);
    const ms = performance.now() - started;
    total += ms;
    if (ms > slowest.ms) slowest = { ms, file: files[i] };
  }
  return { total, slowest };
}

async function pythonRunner(core, tool) {
  const runner = { count: 0, run: undefined };
  if (tool === 'bare') {
    await core.loadPython();
    runner.run = async (text) => (await core.parsePython(text)).delete();
  } else if (tool === 'prodready') {
    await core.analyzeText({ path: 'warmup.py', text: 'import os\n' });
    runner.run = async (text, file) => {
      runner.count += (await core.analyzeText({ path: file, text })).findings.length;
    };
  } else {
    const { Workspace } = require('@astral-sh/ruff-wasm-nodejs');
    const workspace = new Workspace({ lint: { select: RUFF_RULES } }, 0);
    runner.run = async (text) => {
      runner.count += workspace.check(text).length;
    };
  }
  return runner;
}

/** One tool alone in its process, over an even sample: for its peak RSS. */
async function pythonThroughput(core, tool) {
  const corpus = pythonCorpus(core);
  const { files, texts } = readAll(core.corpus.evenSample(corpus.files, MEMORY_SAMPLE));
  const runner = await pythonRunner(core, tool);
  const { total } = await timeEach(texts, files, runner.run);
  return { tool, files: files.length, ms: total };
}

/**
 * The three tools over the whole corpus in one process, file by file in rotating order: on a shared
 * machine whose load changes minute to minute, each tool sees the same load, so the ratios hold.
 */
async function pythonInterleaved(core) {
  const corpus = pythonCorpus(core);
  const { files, texts } = readAll(corpus.files);
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  const tools = ['bare', 'prodready', 'ruff'];
  const runners = {};
  const totals = {};
  for (const tool of tools) {
    runners[tool] = await pythonRunner(core, tool);
    totals[tool] = { ms: 0, slowest: { ms: 0, file: '' } };
  }
  for (let i = 0; i < texts.length; i++) {
    for (let k = 0; k < tools.length; k++) {
      const tool = tools[(i + k) % tools.length];
      const started = performance.now();
      await runners[tool].run(texts[i], files[i]);
      const ms = performance.now() - started;
      totals[tool].ms += ms;
      if (ms > totals[tool].slowest.ms) totals[tool].slowest = { ms, file: files[i] };
    }
  }
  const result = {};
  for (const tool of tools) {
    result[tool] = {
      tool,
      files: files.length,
      unreadable: corpus.files.length - files.length,
      bytes,
      ms: totals[tool].ms,
      results: runners[tool].count,
      slowest: totals[tool].slowest,
      python: corpus.installation.version,
      rules: tool === 'prodready' ? core.PYTHON_RULES.map((rule) => rule.id) : tool === 'ruff' ? RUFF_RULES : [],
    };
  }
  return result;
}

function scriptCorpus(core) {
  let files = core.corpus.scriptFiles(join(root, 'node_modules'));
  if (quick) files = core.corpus.evenSample(files, SAMPLE.scripts);
  return files;
}

async function scriptThroughput(core, tool) {
  const all = readAll(scriptCorpus(core));
  // Bundles and minified files are skipped by prodready before parsing, by design: both tools are
  // timed on the same hand-written files, and the generated ones are counted apart.
  const files = [];
  const texts = [];
  let generated = 0;
  let generatedBytes = 0;
  all.files.forEach((file, i) => {
    const text = all.texts[i];
    if (core.generatedCode?.(text, file)) {
      generated++;
      generatedBytes += Buffer.byteLength(text);
    } else {
      files.push(file);
      texts.push(text);
    }
  });
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  let count = 0;
  let skipped = 0;
  let run;
  if (tool === 'bare') {
    if (!core.parseTypeScript) return { tool, missing: 'no TS/JS parser in src/parsers/typescript yet' };
    run = async (text, file) => {
      if ('error' in core.parseTypeScript(text, file)) skipped++;
    };
  } else {
    const warm = await core.analyzeText({ path: 'warmup.ts', text: 'const x = 1;\n' });
    if (warm.kind === undefined) return { tool, missing: 'no TS/JS adapter registered yet' };
    run = async (text, file) => {
      const analysis = await core.analyzeText({ path: file, text });
      count += analysis.findings.length;
      if (analysis.skipped) skipped++;
    };
  }
  const { total, slowest } = await timeEach(texts, files, run);
  return { tool, files: files.length, bytes, ms: total, results: count, skipped, slowest, generated, generatedBytes };
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** One-character edits in the middle of a 5,000-line file, alternately typing and deleting a letter. */
function* edits(text, count) {
  const middle = text.indexOf('model = torch.load(', Math.floor(text.length / 2));
  const at = middle > 0 ? middle + 'model'.length : Math.floor(text.length / 2);
  let current = text;
  for (let i = 0; i < count; i++) {
    const typing = i % 2 === 0;
    const next = typing ? current.slice(0, at) + 'x' + current.slice(at) : current.slice(0, at) + current.slice(at + 1);
    yield { previous: current, text: next, at, typing };
    current = next;
  }
}

function pointAt(text, offset) {
  let row = 0;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index >= 0 && index < offset; index = text.indexOf('\n', index + 1)) {
    row++;
    lineStart = index + 1;
  }
  return { row, column: offset - lineStart };
}

async function incrementalPython(core) {
  const text = pythonServingModule(5000);
  const path = join(root, 'bench-serving.py');
  const severities = () => undefined;
  const options = { defaultTimeoutSeconds: 10, llmTimeoutSeconds: 60 };
  const count = quick ? SAMPLE.edits : FULL.edits;
  await core.loadPython();
  let tree = await core.parsePython(text);
  const incremental = [];
  const full = [];
  const parseTimes = [];
  const ruleTimes = [];
  const finalizeTimes = [];
  let findings = 0;
  const warmup = 20;
  for (const edit of edits(text, count + warmup)) {
    // What a document-change handler does: map the change onto the old tree, re-parse reusing it,
    // run every rule over the new tree, then suppressions and severities.
    const started = performance.now();
    const position = pointAt(edit.previous, edit.at);
    const after = { row: position.row, column: position.column + 1 };
    tree.edit({
      startIndex: edit.at,
      oldEndIndex: edit.typing ? edit.at : edit.at + 1,
      newEndIndex: edit.typing ? edit.at + 1 : edit.at,
      startPosition: position,
      oldEndPosition: edit.typing ? position : after,
      newEndPosition: edit.typing ? after : position,
    });
    const next = await core.parsePython(edit.text, tree);
    tree.delete();
    tree = next;
    const parsed = performance.now();
    const { findings: raw } = await core.analyzePythonTree(tree, edit.text, path, core.PYTHON_RULES, options);
    const walked = performance.now();
    findings = core.finalize(raw, edit.text, undefined, severities).length;
    const ms = performance.now() - started;
    parseTimes.push(parsed - started);
    ruleTimes.push(walked - parsed);
    finalizeTimes.push(performance.now() - walked);
    // What the extension does today on a change: analyzeText, a full parse and analysis.
    const fullStarted = performance.now();
    await core.analyzeText({ path, text: edit.text });
    const fullMs = performance.now() - fullStarted;
    incremental.push(ms);
    full.push(fullMs);
  }
  tree.delete();
  const measured = (values) => values.slice(warmup);
  return {
    lines: 5000,
    bytes: Buffer.byteLength(text),
    edits: count,
    findings,
    incremental: { median: percentile(measured(incremental), 50), p95: percentile(measured(incremental), 95) },
    full: { median: percentile(measured(full), 50), p95: percentile(measured(full), 95) },
    // Where the incremental time goes (medians): re-parse, the query walk plus rules, suppressions.
    split: {
      parse: percentile(measured(parseTimes), 50),
      rules: percentile(measured(ruleTimes), 50),
      finalize: percentile(measured(finalizeTimes), 50),
    },
  };
}

async function incrementalTypeScript(core) {
  const text = typescriptServingModule(5000);
  const path = join(root, 'bench-serving.ts');
  const warm = await core.analyzeText({ path, text });
  if (warm.kind === undefined || (!warm.findings.length && !warm.skipped && !core.parseTypeScript)) {
    return { missing: 'no TS/JS adapter registered yet' };
  }
  const count = quick ? SAMPLE.edits : FULL.edits;
  const timings = [];
  let findings = 0;
  let skipped;
  const warmup = 10;
  let i = 0;
  for (const edit of edits(text.replace('model = torch.load(', 'weights = fs.readFileSync('), count + warmup)) {
    const started = performance.now();
    const analysis = await core.analyzeText({ path, text: edit.text });
    const ms = performance.now() - started;
    findings = analysis.findings.length;
    skipped = analysis.skipped;
    if (i++ >= warmup) timings.push(ms);
  }
  return {
    lines: 5000,
    bytes: Buffer.byteLength(text),
    edits: count,
    findings,
    skipped,
    // typescript-estree has no incremental mode: every change is a full parse and analysis.
    full: { median: percentile(timings, 50), p95: percentile(timings, 95) },
  };
}

/** Cold start in a fresh process: load the engine bundle, then the first analysis of a small file. */
async function coldEngine() {
  const sinceProcessStart = performance.now();
  const started = performance.now();
  const engine = require(join(root, 'out', 'scripts-core', 'engine.js'));
  const loaded = performance.now();
  const analysis = await engine.analyzeText({ path: join(root, 'small.py'), text: SMALL_PYTHON });
  const done = performance.now();
  return {
    nodeBootMs: sinceProcessStart,
    requireMs: loaded - started,
    firstAnalysisMs: done - loaded,
    toFirstFindingsMs: done - started,
    sinceProcessStartMs: done,
    findings: analysis.findings.length,
  };
}

const SMALL_PYTHON = `import requests
from fastapi import FastAPI

app = FastAPI()


@app.get("/predict")
def predict(x: float) -> dict:
    response = requests.get("http://model:8080/score", params={"x": x})
    print("scored", x)
    return response.json()
`;

// ---------------------------------------------------------------- orchestration

function runChild(phase) {
  const child = spawnSync(process.execPath, [join(root, 'scripts', 'bench.mjs'), '--phase', phase, ...(quick ? ['--quick'] : [])], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = child.stdout?.split('\n').find((l) => l.startsWith('@@RESULT '));
  if (child.status !== 0 || !line) {
    return {
      error: `phase ${phase} failed (exit ${child.status}): ${(child.stderr || child.stdout || '').trim().split('\n').slice(-3).join(' | ')}`,
    };
  }
  return JSON.parse(line.slice('@@RESULT '.length));
}

/** Peak resident memory of a process and all its descendants, sampled from /proc every 20 ms. */
function watchTree(pid, { includeRoot = true } = {}) {
  let peakKB = 0;
  let hwmKB = 0;
  const readStatus = (p) => {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      return {
        rss: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0),
        hwm: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0),
        ppid: Number(/PPid:\s+(\d+)/.exec(status)?.[1] ?? 0),
      };
    } catch {
      return undefined;
    }
  };
  const sample = () => {
    const tree = new Set([pid]);
    let all;
    try {
      all = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
    } catch {
      return;
    }
    const statuses = new Map();
    for (const name of all) {
      const status = readStatus(name);
      if (status) statuses.set(Number(name), status);
    }
    let grew = true;
    while (grew) {
      grew = false;
      for (const [p, status] of statuses) {
        if (!tree.has(p) && tree.has(status.ppid)) {
          tree.add(p);
          grew = true;
        }
      }
    }
    let sum = 0;
    for (const p of tree) {
      if (p === pid && !includeRoot) continue;
      const status = statuses.get(p);
      if (!status) continue;
      sum += status.rss;
      hwmKB = Math.max(hwmKB, status.hwm);
    }
    peakKB = Math.max(peakKB, sum);
  };
  const timer = setInterval(sample, 20);
  sample();
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peakKB, hwmKB) / 1024;
    },
  };
}

/** Runs a command, returning wall time, peak RSS of its process tree, exit status and stdout. */
function measureCommand(command, commandArgs, { stdoutFile } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, commandArgs, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const watcher = watchTree(child.pid);
    const chunks = [];
    let stderr = '';
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => {
      const wallMs = performance.now() - started;
      const peakMB = watcher.stop();
      const stdout = Buffer.concat(chunks);
      if (stdoutFile) writeFileSync(stdoutFile, stdout);
      resolve({ wallMs, peakMB, status, stdout: stdoutFile ? '' : stdout.toString('utf8'), stderr });
    });
  });
}

async function workspaceScan(core) {
  const cli = join(root, 'dist', 'cli.js');
  if (!existsSync(cli)) return { missing: 'dist/cli.js not built' };
  const installation = core.corpus.findPythonInstallation();
  // The CLI skips site-packages and venv folders inside a folder it walks, so every root of the
  // installation is named explicitly (stdlib, then site-packages), as a user scanning it would.
  const discovered = JSON.parse(
    execFileSync(
      'python3',
      [
        '-c',
        'import json,site,sysconfig;p=sysconfig.get_paths();print(json.dumps([p["stdlib"],p["purelib"],p["platlib"],*site.getsitepackages()]))',
      ],
      {
        encoding: 'utf8',
      },
    ),
  );
  let targets = [...new Set(discovered)].filter((folder) => existsSync(folder));
  if (quick) targets = core.corpus.evenSample(core.corpus.pythonFiles(installation), SAMPLE.python);
  const jobs = availableParallelism();
  const outFile = join(tmpdir(), `prodready-bench-scan-${process.pid}.json`);
  const single = await measureCommand(process.execPath, [cli, 'check', ...targets, '--format', 'json', '--fail-on', 'never'], {
    stdoutFile: outFile,
  });
  let report;
  try {
    report = JSON.parse(readFileSync(outFile, 'utf8'));
  } catch {
    report = undefined;
  }
  rmSync(outFile, { force: true });
  const result = {
    targets: targets.length > 10 ? `${targets.length} files` : targets,
    single: {
      wallMs: single.wallMs,
      peakMB: single.peakMB,
      status: single.status,
      stderr: single.stderr.trim().split('\n').slice(-2).join(' | '),
    },
    files: report?.summary?.files,
    findings: report?.summary?.findings,
    skipped: report?.skipped?.length,
    cores: jobs,
  };
  // All cores through the same CLI path: the Python files split by size into one CLI process per core.
  const files = core.corpus.pythonFiles(installation);
  const chosen = quick ? new Set(targets) : undefined;
  const shards = Array.from({ length: jobs }, () => ({ bytes: 0, files: [] }));
  const sized = files
    .filter((file) => !chosen || chosen.has(file))
    .map((file) => {
      try {
        return { file, bytes: readFileSync(file).length };
      } catch {
        return { file, bytes: 0 };
      }
    })
    .sort((a, b) => b.bytes - a.bytes);
  for (const entry of sized) {
    const shard = shards.reduce((low, candidate) => (candidate.bytes < low.bytes ? candidate : low));
    shard.bytes += entry.bytes;
    shard.files.push(entry.file);
  }
  // The CLI takes files as arguments: each core's share goes in argument lists the kernel accepts,
  // run one after another on that core.
  const started = performance.now();
  const runShard = async (shard) => {
    const statuses = [];
    for (let i = 0; i < shard.files.length; i += 2000) {
      const part = shard.files.slice(i, i + 2000);
      statuses.push(
        (
          await measureCommand(process.execPath, [cli, 'check', ...part, '--format', 'json', '--fail-on', 'never'], {
            stdoutFile: '/dev/null',
          })
        ).status,
      );
    }
    return statuses;
  };
  const children = watchTree(process.pid, { includeRoot: false });
  const statuses = (await Promise.all(shards.map(runShard))).flat();
  result.parallel = { processes: jobs, wallMs: performance.now() - started, peakMB: children.stop(), exitCodes: [...new Set(statuses)] };
  return result;
}

async function coldStart() {
  const cli = join(root, 'dist', 'cli.js');
  const folder = mkdtempSync(join(tmpdir(), 'prodready-cold-'));
  const small = join(folder, 'serve.py');
  writeFileSync(small, SMALL_PYTHON);
  const runs = 7;
  const engine = [];
  for (let i = 0; i < runs; i++) engine.push(runChild('cold-engine'));
  const cliRuns = [];
  if (existsSync(cli)) {
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const child = spawnSync(process.execPath, [cli, 'check', small, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8' });
      cliRuns.push({ ms: performance.now() - started, status: child.status });
    }
  }
  const nodeOnly = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    nodeOnly.push(performance.now() - started);
  }
  rmSync(folder, { recursive: true, force: true });
  const median = (values) => percentile(values, 50);
  const ok = engine.filter((run) => !run.error);
  return {
    runs,
    requireMs: ok.length ? median(ok.map((run) => run.requireMs)) : undefined,
    firstAnalysisMs: ok.length ? median(ok.map((run) => run.firstAnalysisMs)) : undefined,
    toFirstFindingsMs: ok.length ? median(ok.map((run) => run.toFirstFindingsMs)) : undefined,
    findings: ok[0]?.findings,
    maxRssMB: ok.length ? median(ok.map((run) => run.maxRssMB)) : undefined,
    error: engine.find((run) => run.error)?.error,
    cliProcessMs: cliRuns.length ? median(cliRuns.map((run) => run.ms)) : undefined,
    cliExit: cliRuns[0]?.status,
    nodeProcessMs: median(nodeOnly),
  };
}

/** The extension's activation is measured inside a real VS Code by the host suite, not here. */
function activation() {
  const candidates = [join(root, '.vscode-test'), join(root, 'bench-results'), join(root, 'out')];
  for (const base of candidates) {
    const found = findFile(base, 'measurements.json', 4);
    if (found) {
      try {
        const data = JSON.parse(readFileSync(found, 'utf8'));
        if (typeof data.activationMs === 'number') return { activationMs: data.activationMs, source: relative(root, found), data };
      } catch {
        // unreadable: fall through
      }
    }
  }
  return {
    missing: existsSync(join(root, 'dist', 'extension.js'))
      ? 'run `npm run test:vscode` first: activation is measured in a real VS Code host'
      : 'dist/extension.js not built',
  };
}

function findFile(folder, name, depth) {
  if (depth < 0 || !existsSync(folder)) return undefined;
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return undefined;
  }
  for (const entry of entries) if (entry.isFile() && entry.name === name) return join(folder, entry.name);
  for (const entry of entries) {
    if (entry.isDirectory() && entry.name !== 'node_modules') {
      const found = findFile(join(folder, entry.name), name, depth - 1);
      if (found) return found;
    }
  }
  return undefined;
}

function typescriptBenchOfTeammate() {
  const script = join(root, 'scripts', 'bench-typescript.mjs');
  if (!existsSync(script)) return undefined;
  const child = spawnSync(process.execPath, [script, ...(quick ? ['--quick'] : [])], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    status: child.status,
    output: (child.stdout || '').trim(),
    stderr: (child.stderr || '').trim().split('\n').slice(-3).join(' | '),
  };
}

// ---------------------------------------------------------------- report

const f1 = (n) => (n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(1));
const f2 = (n) => (n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(2));
const int = (n) => (n === undefined ? 'n/a' : Math.round(n).toLocaleString('en-US'));
const mbps = (r) => r.bytes / 1e6 / (r.ms / 1000);
const fps = (r) => r.files / (r.ms / 1000);
const verdict = (ok) => (ok === undefined ? '' : ok ? 'met' : 'missed');


/** The start-up table: `## Start-up` and what follows it, as lines. */
function startupSection(cold, act) {
  const lines = [];
  lines.push('## Start-up');
  lines.push('');
  lines.push(
    table(
      ['what', `median of ${cold.runs} ms`, 'target'],
      [
        ['require the engine bundle', f1(cold.requireMs), ''],
        ['first analysis of a small Python file (loads WASM + grammar + rules)', f1(cold.firstAnalysisMs), ''],
        [
          'cold start to first findings (require + first analysis)',
          f1(cold.toFirstFindingsMs),
          `≤ 150 ms: ${verdict(cold.toFirstFindingsMs === undefined ? undefined : cold.toFirstFindingsMs <= 150)}`,
        ],
        ['`prodready check serve.py` as a whole process (Node boot included)', f1(cold.cliProcessMs), ''],
        ['an empty `node -e 0` process, for reference', f1(cold.nodeProcessMs), ''],
        [
          'extension activation (real VS Code host)',
          act.activationMs !== undefined ? f1(act.activationMs) : 'not measured here',
          act.activationMs !== undefined ? `≤ 50 ms: ${verdict(act.activationMs <= 50)}` : '≤ 50 ms',
        ],
      ],
    ),
  );
  lines.push('');
  lines.push(
    act.activationMs !== undefined
      ? `Activation comes from the real-VS-Code suite's measurements (${act.source}); requiring the bundle outside VS Code would not be activation.`
      : `Activation: ${act.missing}. Requiring dist/extension.js outside VS Code is not activation, so this script does not pretend to measure it.`,
  );
  if (cold.error) lines.push(`Cold-start error: ${cold.error}`);
  lines.push('');
  return lines;
}

/** `--only startup`: the start-up section alone, with the machine's load around it (it swings these timings). */
async function startupOnly() {
  const loadAtStart = loadavg();
  process.stdout.write('prodready benchmark, start-up only: building the core bundle…\n');
  await buildCore();
  const cold = await coldStart();
  const markdown = startupSection(cold, activation()).join('\n');
  const load = (values) => values.map((n) => n.toFixed(1)).join(', ');
  process.stdout.write(`\n${markdown}\nLoad average (1/5/15 min) at the start: ${load(loadAtStart)}; at the end: ${load(loadavg())}.\n`);
}

async function main() {
  const started = Date.now();
  const loadAtStart = loadavg();
  process.stdout.write(`prodready benchmark${quick ? ' (quick sample)' : ''}: building the core bundle…\n`);
  await buildCore();
  const core = loadCore();
  const installation = core.corpus.findPythonInstallation();
  const step = (label) => process.stdout.write(`  ${label}…\n`);

  step('Python: bare parse, prodready and ruff-wasm, interleaved file by file');
  const interleaved = runChild('python-interleaved');
  step(`Python: peak RSS of each tool alone (${MEMORY_SAMPLE} files)`);
  const memory = Object.fromEntries(['bare', 'prodready', 'ruff'].map((tool) => [tool, runChild(`python-${tool}`)]));
  const pick = (tool) => (interleaved.error ? interleaved : { ...interleaved[tool], maxRssMB: memory[tool].maxRssMB });
  const bare = pick('bare');
  const prodready = pick('prodready');
  const ruff = pick('ruff');
  step('TS/JS: bare parse and prodready');
  const teammate = typescriptBenchOfTeammate();
  const scriptsBare = runChild('scripts-bare');
  const scriptsProdready = runChild('scripts-prodready');
  step('incremental latency: Python');
  const incPython = runChild('incremental-python');
  step('incremental latency: TypeScript');
  const incTs = runChild('incremental-typescript');
  step('workspace scan through the CLI');
  const scan = await workspaceScan(core);
  step('cold start');
  const cold = await coldStart();
  const act = activation();

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const loadAtEnd = loadavg();
  const lines = [];
  lines.push(`# Benchmarks${quick ? ' (quick sample — not the reference run)' : ''}`);
  lines.push('');
  lines.push('Generated by `npm run bench` (scripts/bench.mjs). Re-run it to refresh this page; nothing here is edited by hand.');
  lines.push('');
  lines.push(`- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`);
  lines.push(`- CPU: ${cpu}, ${availableParallelism()} cores available; memory ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);
  lines.push(
    `- Load average (1/5/15 min) at the start: ${loadAtStart.map((n) => n.toFixed(1)).join(', ')}; at the end: ${loadAtEnd.map((n) => n.toFixed(1)).join(', ')} (on 2 cores, anything near 0 means the run had the machine to itself)`,
  );
  lines.push(
    `- Node ${process.version}; prodready ${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version} at commit ${gitCommit(root)}`,
  );
  lines.push(
    `- Python corpus: every \`.py\` file of the Python ${installation?.version ?? '?'} installation found by \`python3\` at run time (${(installation?.roots ?? []).length} root(s): standard library and site-packages)${quick ? `, evenly sampled down to ${SAMPLE.python} files` : ''}`,
  );
  lines.push(
    `- TS/JS corpus: every .js/.ts/.mjs/.cjs/.jsx/.tsx file (no .d.ts) under the project's node_modules${quick ? `, sampled down to ${SAMPLE.scripts}` : ''}`,
  );
  lines.push(
    `- Python rules run by prodready: ${prodready.rules?.join(', ') ?? 'n/a'} (all registered Python rules at the time of the run)`,
  );
  lines.push('');

  lines.push('## Python throughput (one core; the three tools take turns file by file in one process, files read before timing)');
  lines.push('');
  const pyRow = (label, r) =>
    r.error
      ? [label, r.error, '', '', '', '', '']
      : [label, int(r.files), f1(r.bytes / 1e6), f2(mbps(r)), int(fps(r)), f1(r.ms / 1000), f1(r.maxRssMB)];
  lines.push(
    table(
      ['tool', 'files', 'MB', 'MB/s', 'files/s', 'total s', `peak RSS MB (alone, ${MEMORY_SAMPLE} files)`],
      [
        pyRow('bare tree-sitter parse (our parser)', bare),
        pyRow('prodready, all Python rules', prodready),
        pyRow(`ruff-wasm ${ruff.error ? '' : RUFF_RULES.join(', ')}`, ruff),
      ],
    ),
  );
  lines.push('');
  const vsRuff = !ruff.error && !prodready.error ? ruff.ms / prodready.ms : undefined;
  const vsBare = !bare.error && !prodready.error ? prodready.ms / bare.ms : undefined;
  lines.push(
    table(
      ['ratio', 'value', 'target', ''],
      [
        [
          'prodready throughput ÷ ruff-wasm throughput',
          `${f2(vsRuff)}×`,
          '≥ 1.5×',
          verdict(vsRuff === undefined ? undefined : vsRuff >= 1.5),
        ],
        ['prodready time ÷ bare-parse time', `${f2(vsBare)}×`, '≤ 1.5×', verdict(vsBare === undefined ? undefined : vsBare <= 1.5)],
      ],
    ),
  );
  lines.push('');
  if (!prodready.error)
    lines.push(
      `Slowest single file for prodready: ${f1(prodready.slowest.ms)} ms (${relativeToRoots(prodready.slowest.file, installation)}); findings reported: ${int(prodready.results)}; ruff diagnostics: ${int(ruff.results)}.`,
    );
  lines.push('');

  lines.push('## TS/JS throughput (one core)');
  lines.push('');
  const tsRow = (label, r) =>
    r.error || r.missing
      ? [label, r.error ?? r.missing, '', '', '', '', '']
      : [label, int(r.files), f1(r.bytes / 1e6), f2(mbps(r)), int(fps(r)), int(r.skipped), f1(r.maxRssMB)];
  lines.push(
    table(
      ['tool', 'files', 'MB', 'MB/s', 'files/s', 'unparseable / skipped', 'peak RSS MB'],
      [
        tsRow('bare parse (typescript-estree, as the adapter calls it)', scriptsBare),
        tsRow('prodready, all TS/JS rules', scriptsProdready),
      ],
    ),
  );
  lines.push('');
  if (scriptsProdready.generated) {
    lines.push(
      `Both rows leave out the ${int(scriptsProdready.generated)} generated files of the corpus (${f1(scriptsProdready.generatedBytes / 1e6)} MB of bundles over 512 KB and minified code), which prodready skips before parsing with the reason "looks like a generated bundle / minified code".`,
    );
    lines.push('');
  }
  if (!scriptsBare.error && !scriptsBare.missing && !scriptsProdready.error && !scriptsProdready.missing) {
    lines.push(
      `prodready time ÷ bare-parse time: ${f2(scriptsProdready.ms / scriptsBare.ms)}×. Slowest file: ${f1(scriptsProdready.slowest.ms)} ms (${relative(root, scriptsProdready.slowest.file)}).`,
    );
    lines.push('');
  }
  if (teammate) {
    lines.push("`scripts/bench-typescript.mjs` (the TS/JS adapter's own benchmark) said:");
    lines.push('');
    lines.push('```');
    lines.push(teammate.output || `(no output; exit ${teammate.status}: ${teammate.stderr})`);
    lines.push('```');
    lines.push('');
  }

  lines.push('## Incremental latency (one-character edits in the middle of a 5,000-line file)');
  lines.push('');
  const latencyRows = [];
  if (!incPython.error) {
    latencyRows.push([
      'Python: tree.edit + incremental re-parse + all rules + suppressions',
      f1(incPython.incremental.median),
      f1(incPython.incremental.p95),
      verdict(incPython.incremental.median <= 10 && incPython.incremental.p95 <= 25),
    ]);
    latencyRows.push([
      'Python: full analyzeText of the new text (the editor path today)',
      f1(incPython.full.median),
      f1(incPython.full.p95),
      verdict(incPython.full.median <= 10 && incPython.full.p95 <= 25),
    ]);
  } else latencyRows.push(['Python', incPython.error, '', '']);
  if (incTs.missing || incTs.error) latencyRows.push(['TypeScript', incTs.missing ?? incTs.error, '', '']);
  else
    latencyRows.push([
      'TypeScript: full analyzeText (typescript-estree has no incremental parse)',
      f1(incTs.full.median),
      f1(incTs.full.p95),
      verdict(incTs.full.median <= 10 && incTs.full.p95 <= 25),
    ]);
  lines.push(table(['what', 'median ms', 'p95 ms', 'target ≤ 10 / ≤ 25 ms'], latencyRows));
  lines.push('');
  if (!incPython.error)
    lines.push(
      `${int(incPython.edits)} edits per file after a warm-up, alternately typing and deleting one letter; the Python file (${f1(incPython.bytes / 1e3)} kB) has ${int(incPython.findings)} findings${incTs.findings !== undefined ? `, the TypeScript file ${int(incTs.findings)}` : ''}.`,
    );
  if (!incPython.error && incPython.split)
    lines.push(
      '',
      `Where the incremental Python time goes (medians): tree.edit + re-parse ${f1(incPython.split.parse)} ms, query walk + rules ${f1(incPython.split.rules)} ms, suppressions + severities ${f1(incPython.split.finalize)} ms.`,
    );
  lines.push('');

  lines.push('## Workspace scan of the Python installation through the CLI (`prodready check … --format json`)');
  lines.push('');
  if (scan.missing) lines.push(`Not measured: ${scan.missing}.`);
  else {
    lines.push(
      table(
        ['how', 'wall s', 'peak RSS MB', 'exit', 'target ≤ 60 s, ≤ 400 MB'],
        [
          [
            'one CLI process (as a user runs it)',
            f1(scan.single.wallMs / 1000),
            f1(scan.single.peakMB),
            String(scan.single.status),
            verdict(scan.single.wallMs <= 60000 && scan.single.peakMB <= 400),
          ],
          [
            `${scan.parallel.processes} CLI processes in parallel (one per core, files split by size)`,
            f1(scan.parallel.wallMs / 1000),
            f1(scan.parallel.peakMB),
            scan.parallel.exitCodes.join('/'),
            verdict(scan.parallel.wallMs <= 60000 && scan.parallel.peakMB <= 400),
          ],
        ],
      ),
    );
    lines.push('');
    lines.push(
      `The single run analysed ${int(scan.files)} files and listed ${int(scan.skipped)} as skipped, with ${int(scan.findings)} findings. Peak RSS is sampled from /proc every 20 ms over the whole process tree (the parallel row is the sum over the concurrent processes).`,
    );
    if (scan.single.stderr) lines.push(`CLI stderr: \`${scan.single.stderr}\``);
  }
  lines.push('');

  lines.push(...startupSection(cold, act));

  lines.push('## Peak memory per phase (each phase in its own process)');
  lines.push('');
  lines.push(
    table(
      ['phase', 'peak RSS MB'],
      [
        [`Python bare parse (${MEMORY_SAMPLE} files)`, f1(bare.maxRssMB)],
        [`Python prodready (${MEMORY_SAMPLE} files)`, f1(prodready.maxRssMB)],
        [`Python ruff-wasm (${MEMORY_SAMPLE} files)`, f1(ruff.maxRssMB)],
        ['TS/JS bare parse', f1(scriptsBare.maxRssMB)],
        ['TS/JS prodready', f1(scriptsProdready.maxRssMB)],
        ['incremental Python', f1(incPython.maxRssMB)],
        ['incremental TypeScript', f1(incTs.maxRssMB)],
        ['cold start (engine + first analysis)', f1(cold.maxRssMB)],
        ['workspace scan, one CLI process', scan.missing ? 'n/a' : f1(scan.single.peakMB)],
      ],
    ),
  );
  lines.push('');
  lines.push(`Whole run: ${f1((Date.now() - started) / 1000)} s.`);
  lines.push('');

  const markdown = lines.join('\n');
  process.stdout.write('\n' + markdown + '\n');
  const target = quick ? join(root, 'bench-results', 'benchmarks-quick.md') : join(root, 'docs', 'benchmarks.md');
  mkdirSync(join(target, '..'), { recursive: true });
  writeFileSync(target, markdown);
  process.stdout.write(`\nwrote ${relative(root, target)}\n`);
}

function relativeToRoots(file, installation) {
  for (const base of installation?.roots ?? []) if (file.startsWith(base)) return relative(base, file);
  return file;
}


// Last, so every constant above is initialised before a phase or the main run starts.
if (phaseIndex >= 0) {
  const result = await runPhase(args[phaseIndex + 1]);
  result.maxRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`\n@@RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
} else if (only === 'startup') {
  await startupOnly();
} else if (only !== undefined) {
  throw new Error(`--only ${only}: only "startup" is supported`);
} else {
  await main();
}
