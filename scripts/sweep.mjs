// `npm run sweep`: the engine and the CLI over real code — every .py file of the Python installation
// found by `python3`, every JS/TS file under node_modules, and every YAML/TOML/JSON/Dockerfile/
// requirements file in both. Checks: no crash, every file analysed or skipped with a reason, no
// file over 2 s, and every fix safe (re-parses with no new errors, removes its finding, reaches a
// fixed point). Then the CLI itself: no exit 2 on the same trees, and `--fix` twice changes no byte
// the second time. Writes docs/sweep.md (a `--quick` run samples and writes bench-results/ instead).
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { buildCore, loadCore, root } from './lib/core.mjs';
import { gitCommit, table } from './lib/markdown.mjs';

const SLOW_MS = 2000;
const quick = process.argv.includes('--quick');
const QUICK_SAMPLE = { python: 800, scripts: 400, manifests: 400 };

async function workerMain() {
  const core = loadCore();
  parentPort.on('message', async (batch) => {
    if (batch === null) {
      parentPort.close();
      return;
    }
    const results = [];
    for (const item of batch) results.push(await core.sweep.sweepFile(item.file, item.kind, item.forced, { maxSingleFixes: 20 }));
    parentPort.postMessage(results);
  });
  parentPort.postMessage([]);
}

function collectCorpus(core) {
  const installation = core.corpus.findPythonInstallation();
  const nodeModules = join(root, 'node_modules');
  let python = installation ? core.corpus.pythonFiles(installation) : [];
  let scripts = core.corpus.scriptFiles(nodeModules);
  let manifests = core.corpus.manifestFiles([...(installation?.roots ?? []), nodeModules]);
  if (quick) {
    python = core.corpus.evenSample(python, QUICK_SAMPLE.python);
    scripts = core.corpus.evenSample(scripts, QUICK_SAMPLE.scripts);
    manifests = core.corpus.evenSample(manifests, QUICK_SAMPLE.manifests);
  }
  const items = [];
  for (const [group, files] of [
    ['python', python],
    ['scripts', scripts],
    ['manifests', manifests],
  ]) {
    for (const file of files) {
      const { kind, forced } = core.corpus.sweepKindOf(file);
      items.push({ group, file, kind, forced });
    }
  }
  return { installation, nodeModules, items, counts: { python: python.length, scripts: scripts.length, manifests: manifests.length } };
}

/** Runs every item through the workers (one per core), batches handed out as workers free up. */
function sweepAll(items, jobs, onProgress) {
  return new Promise((resolve, reject) => {
    const results = [];
    let next = 0;
    let running = jobs;
    const batchSize = 25;
    for (let i = 0; i < jobs; i++) {
      const worker = new Worker(new URL(import.meta.url));
      worker.on('message', (done) => {
        for (const result of done) results.push(result);
        if (done.length) onProgress(results.length);
        if (next < items.length) {
          worker.postMessage(items.slice(next, next + batchSize));
          next += batchSize;
        } else worker.postMessage(null);
      });
      worker.on('error', reject);
      worker.on('exit', () => {
        if (--running === 0) resolve(results);
      });
    }
  });
}

function runCli(cliArgs, cwd = root) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(root, 'dist', 'cli.js'), ...cliArgs], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    let stderr = '';
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) =>
      resolve({ status, stdout: Buffer.concat(chunks).toString('utf8'), stderr, ms: performance.now() - started }),
    );
  });
}

const normalizeReason = (reason) =>
  reason
    .split('\n')[0]
    .replace(/\d+(\.\d+)?/g, 'N')
    .replace(/(syntax error at N:N|invalid \w+ at N:N|at line N).*/i, '$1')
    .slice(0, 90);

function countBy(values) {
  const counts = new Map();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
}

/** The CLI over the same trees: its exit status must never be 2 and every file is analysed or skipped. */
async function cliSweep(installation, nodeModules) {
  if (!existsSync(join(root, 'dist', 'cli.js'))) return { missing: 'dist/cli.js not built' };
  const runs = [];
  const targets = quick
    ? [['python (sample: one stdlib package)', [join(installation.roots[0], 'json')]]]
    : [
        ['Python installation', installation.roots.flatMap((base) => [base, ...siteFolders(base)])],
        ['node_modules', [nodeModules]],
      ];
  for (const [label, paths] of targets) {
    const run = await runCli(['check', ...paths, '--format', 'json', '--fail-on', 'warning']);
    let report;
    try {
      report = JSON.parse(run.stdout);
    } catch {
      report = undefined;
    }
    runs.push({
      label,
      status: run.status,
      seconds: run.ms / 1000,
      files: report?.summary?.files,
      findings: report?.summary?.findings,
      skipped: report ? countBy(report.skipped.map((entry) => normalizeReason(entry.reason))) : [],
      skippedTotal: report?.skipped?.length,
      parsed: report !== undefined,
      stderr: run.stderr.trim().split('\n').slice(-2).join(' | '),
    });
  }
  return { runs };
}

/** site-packages folders inside a root: the CLI skips them while walking, so they are named too. */
function siteFolders(base) {
  const found = [];
  const visit = (folder, depth) => {
    if (depth > 3) return;
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const full = join(folder, entry.name);
      if (entry.name === 'site-packages' || entry.name === 'dist-packages') found.push(full);
      else if (depth < 3) visit(full, depth + 1);
    }
  };
  visit(base, 0);
  return found;
}

/** `--fix` on a temp copy of the files with the most fixes: the second run must change no byte. */
async function fixTwice(results) {
  if (!existsSync(join(root, 'dist', 'cli.js'))) return { missing: 'dist/cli.js not built' };
  // The files with the most safe fixes, and every file whose fixes broke a rule above: --fix must
  // still leave them byte-stable on a second run.
  const fixed = results.filter((result) => result.status === 'analysed' && result.fixLoopApplied > 0);
  const byFixes = (a, b) => b.fixLoopApplied - a.fixLoopApplied || (a.path < b.path ? -1 : 1);
  const broken = fixed
    .filter((result) => result.violations.length)
    .sort(byFixes)
    .slice(0, 10);
  const candidates = [
    ...broken,
    ...fixed
      .filter((result) => !result.violations.length)
      .sort(byFixes)
      .slice(0, 40 - broken.length),
  ];
  if (!candidates.length) return { files: 0, note: 'no file in the corpus has a safe fix' };
  const folder = mkdtempSync(join(tmpdir(), 'prodready-fix-twice-'));
  try {
    const copies = candidates.map((result, i) => {
      const target = join(folder, `${String(i).padStart(2, '0')}-${basename(result.path)}`);
      copyFileSync(result.path, target);
      return target;
    });
    const hash = () => copies.map((file) => createHash('sha256').update(readFileSync(file)).digest('hex'));
    const original = hash();
    const first = await runCli(['check', folder, '--fix', '--format', 'json', '--fail-on', 'never']);
    const afterFirst = hash();
    const second = await runCli(['check', folder, '--fix', '--format', 'json', '--fail-on', 'never']);
    const afterSecond = hash();
    return {
      files: copies.length,
      changedByFirst: afterFirst.filter((digest, i) => digest !== original[i]).length,
      changedBySecond: copies.filter((_, i) => afterSecond[i] !== afterFirst[i]).map((file) => basename(file)),
      exit: [first.status, second.status],
      stderr: (first.stderr + second.stderr).trim().split('\n').slice(-2).join(' | '),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function main() {
  const started = Date.now();
  const loadAtStart = loadavg();
  process.stdout.write(`prodready sweep${quick ? ' (quick sample)' : ''}: building the core bundle…\n`);
  await buildCore();
  const core = loadCore();
  const corpus = collectCorpus(core);
  const jobs = availableParallelism();
  process.stdout.write(
    `  ${corpus.items.length} files (${corpus.counts.python} .py, ${corpus.counts.scripts} JS/TS, ${corpus.counts.manifests} manifests) on ${jobs} worker threads…\n`,
  );
  let lastReport = 0;
  const results = await sweepAll(corpus.items, jobs, (done) => {
    if (done - lastReport >= 2000) {
      lastReport = done;
      process.stdout.write(`  ${done}/${corpus.items.length}\n`);
    }
  });
  const sweepSeconds = (Date.now() - started) / 1000;
  process.stdout.write('  the CLI over the same trees…\n');
  const cli = corpus.installation ? await cliSweep(corpus.installation, corpus.nodeModules) : { missing: 'no Python installation' };
  process.stdout.write('  --fix twice on copies…\n');
  const twice = await fixTwice(results);

  const byGroup = new Map();
  for (const item of corpus.items) byGroup.set(item.file, item.group);
  const crashed = results.filter((result) => result.status === 'crashed');
  // A file over the bound under two busy workers is timed again here, alone and warm: the bound is
  // about the file, not about what else the machine was doing. Both times are reported.
  for (const result of results.filter((candidate) => candidate.ms > SLOW_MS)) {
    const text = readFileSync(result.path, 'utf8');
    const times = [];
    for (let i = 0; i < 2; i++) {
      const begun = performance.now();
      await core.analyzeText({ path: result.path, kind: result.kind, text });
      times.push(performance.now() - begun);
    }
    result.firstMs = result.ms;
    result.ms = Math.min(...times);
  }
  const slow = results.filter((result) => result.ms > SLOW_MS).sort((a, b) => b.ms - a.ms);
  const retimed = results.filter((result) => result.firstMs !== undefined);
  const violations = results.flatMap((result) => result.violations.map((violation) => ({ path: result.path, violation })));
  const sum = (key, list = results) => list.reduce((total, result) => total + result[key], 0);
  const shown = (file) => {
    for (const base of corpus.installation?.roots ?? []) if (file.startsWith(base + '/')) return `<python>/${relative(base, file)}`;
    return relative(root, file);
  };

  const lines = [];
  lines.push(`# Real-code sweep${quick ? ' (quick sample — not the reference run)' : ''}`);
  lines.push('');
  lines.push('Generated by `npm run sweep` (scripts/sweep.mjs); re-run it to refresh this page.');
  lines.push('');
  lines.push(
    `- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}; CPU: ${cpus()[0]?.model ?? '?'} × ${jobs}; Node ${process.version}; commit ${gitCommit(root)}`,
  );
  lines.push(
    `- Python ${corpus.installation?.version ?? 'not found'} installation (\`<python>\` below = ${corpus.installation?.roots.join(', ') ?? '-'}) and the project's node_modules`,
  );
  lines.push(
    `- Load average when the sweep started: ${loadAtStart.map((n) => n.toFixed(1)).join(', ')} (other work on the machine stretches the timings)`,
  );
  lines.push(
    `- Engine sweep: ${sweepSeconds.toFixed(0)} s on ${jobs} worker threads; whole run ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  lines.push('');
  lines.push('## Engine: every file analysed or skipped with a reason');
  lines.push('');
  const groupRows = [];
  for (const group of ['python', 'scripts', 'manifests']) {
    const list = results.filter((result) => byGroup.get(result.path) === group);
    const count = (status) => list.filter((result) => result.status === status).length;
    groupRows.push([
      { python: '.py files', scripts: 'JS/TS files', manifests: 'YAML/TOML/JSON/Dockerfile/requirements' }[group],
      list.length,
      count('analysed'),
      count('skipped'),
      count('no-adapter'),
      count('crashed'),
      (sum('bytes', list) / 1e6).toFixed(1),
      sum('findings', list),
    ]);
  }
  lines.push(
    table(['corpus', 'files', 'analysed', 'skipped (reason below)', 'no adapter for the kind', 'crashed', 'MB', 'findings'], groupRows),
  );
  lines.push('');
  lines.push(
    'Files the engine would not pick up by name are forced through the nearest adapter (any `.json` as package.json, any `.toml` as pyproject.toml, any requirements-like `.txt`), so every parser meets every real file of its format; "no adapter" counts kinds no adapter is registered for yet.',
  );
  lines.push('');
  const byKind = countBy(
    results
      .filter((result) => result.status === 'no-adapter')
      .map((result) => `${result.kind ?? 'unknown kind'}${result.forced ? ' (forced)' : ''}`),
  );
  if (byKind.length) lines.push(`No adapter yet: ${byKind.map(([kind, n]) => `${kind} ${n}`).join(', ')}.`, '');
  lines.push('Skipped, by reason:');
  lines.push('');
  const reasons = countBy(
    results
      .filter((result) => result.status === 'skipped')
      .map((result) => `${result.kind ?? '?'}: ${normalizeReason(result.reason ?? '')}`),
  );
  lines.push(
    reasons.length
      ? table(
          ['kind: reason (numbers as N)', 'files'],
          reasons.slice(0, 40).map(([reason, n]) => [reason.replace(/\|/g, '\\|'), n]),
        )
      : 'none',
  );
  lines.push('');
  lines.push(`**Crashes: ${crashed.length}.**`);
  for (const result of crashed.slice(0, 30)) lines.push(`- ${shown(result.path)}: ${(result.reason ?? '').split('\n')[0]}`);
  lines.push('');
  lines.push(
    `**Files over ${SLOW_MS / 1000} s: ${slow.length}.**${slow.length ? '' : ` Slowest: ${results.reduce((a, b) => (b.ms > a.ms ? b : a), { ms: 0, path: '' }).ms.toFixed(0)} ms (${shown(results.reduce((a, b) => (b.ms > a.ms ? b : a), { ms: 0, path: '' }).path)}).`}`,
  );
  for (const result of slow.slice(0, 30))
    lines.push(`- ${shown(result.path)}: ${result.ms.toFixed(0)} ms, ${(result.bytes / 1e6).toFixed(2)} MB`);
  if (retimed.length) {
    lines.push('');
    lines.push(
      `Over ${SLOW_MS / 1000} s during the parallel sweep, then timed again alone (best of 2): ${retimed.map((result) => `${shown(result.path)} ${result.firstMs.toFixed(0)} → ${result.ms.toFixed(0)} ms`).join('; ')}.`,
    );
  }
  lines.push('');
  lines.push('## Fix safety on real code');
  lines.push('');
  lines.push(
    table(
      ['measure', 'count'],
      [
        ['findings with a fix', sum('fixable')],
        ['fixes applied alone to the original text and verified (up to 20 per file)', sum('fixesChecked')],
        ['fixes applied by the --fix loop (every safe fix, repeated to a fixed point)', sum('fixLoopApplied')],
        ['files the --fix loop changed', results.filter((result) => result.fixLoopApplied > 0).length],
        ['violations (new syntax error, finding not gone, no fixed point, fix that changes nothing)', violations.length],
      ],
    ),
  );
  lines.push('');
  for (const { path, violation } of violations.slice(0, 40)) lines.push(`- ${shown(path)}: ${violation}`);
  if (violations.length > 40) lines.push(`- … and ${violations.length - 40} more`);
  if (violations.length) lines.push('');
  lines.push('## The CLI on the same trees');
  lines.push('');
  if (cli.missing) lines.push(`Not run: ${cli.missing}.`);
  else {
    lines.push(
      table(
        ['run', 'exit', 'files analysed', 'skipped', 'findings', 's'],
        cli.runs.map((run) => [
          run.label,
          run.parsed ? run.status : `${run.status} (no JSON: ${run.stderr})`,
          run.files ?? 'n/a',
          run.skippedTotal ?? 'n/a',
          run.findings ?? 'n/a',
          run.seconds.toFixed(0),
        ]),
      ),
    );
    lines.push('');
    for (const run of cli.runs) {
      if (run.skipped.length)
        lines.push(
          `${run.label}, skipped by reason: ${run.skipped
            .slice(0, 12)
            .map(([reason, n]) => `${reason} (${n})`)
            .join('; ')}.`,
          '',
        );
    }
    const exit2 = cli.runs.filter((run) => run.status === 2 || run.status === null || !run.parsed).length;
    lines.push(`**Runs with exit 2, a crash or unparseable JSON: ${exit2}.**`);
  }
  lines.push('');
  lines.push('## `prodready check --fix` twice');
  lines.push('');
  if (twice.missing || twice.note) lines.push(twice.missing ?? twice.note);
  else
    lines.push(
      `On copies of the ${twice.files} corpus files with the most safe fixes: the first run changed ${twice.changedByFirst} files; the second run changed **${twice.changedBySecond.length}**${twice.changedBySecond.length ? ` (${twice.changedBySecond.join(', ')})` : ''} (exit codes ${twice.exit.join(', ')}).`,
    );
  lines.push('');

  const markdown = lines.join('\n');
  process.stdout.write('\n' + markdown + '\n');
  const target = quick ? join(root, 'bench-results', 'sweep-quick.md') : join(root, 'docs', 'sweep.md');
  mkdirSync(join(target, '..'), { recursive: true });
  writeFileSync(target, markdown);
  mkdirSync(join(root, 'bench-results'), { recursive: true });
  writeFileSync(
    join(root, 'bench-results', quick ? 'sweep-quick.json' : 'sweep.json'),
    JSON.stringify({ crashed, slow, violations, cli, twice }, null, 2),
  );
  process.stdout.write(`\nwrote ${relative(root, target)}\n`);
  const failed =
    crashed.length +
    violations.length +
    slow.length +
    (twice.changedBySecond?.length ?? 0) +
    (cli.runs?.filter((run) => run.status === 2 || !run.parsed).length ?? 0);
  process.exit(failed ? 1 : 0);
}



// Last, so every constant above is initialised first. A worker thread runs this same file.
if (!isMainThread) {
  await workerMain();
} else {
  await main();
}
