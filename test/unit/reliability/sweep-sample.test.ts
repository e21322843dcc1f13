/**
 * A deterministic sample of the real-code sweep (`npm run sweep` runs all of it): files spread
 * evenly over the sorted file lists of this machine's Python installation and the project's
 * node_modules. Each one is analysed the way the CLI reads it, and every fix it offers is checked
 * on the real text (re-parses without new errors, removes its finding, reaches a fixed point).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { evenSample, findPythonInstallation, manifestFiles, pythonFiles, scriptFiles, sweepKindOf } from './corpus';
import { ROOT } from './inputs';
import { sweepFile, type SweepFileResult } from './sweepCore';

/** Files above this are left to the full sweep, so the sample stays within a test suite's time. */
const MAX_SAMPLE_BYTES = 200_000;
/** Per file; the full sweep reports anything over 2 s. Generous here: CI shares two cores. */
const BOUND_MS = 10_000;

function small(files: string[]): string[] {
  return files.filter((file) => {
    try {
      return fs.statSync(file).size <= MAX_SAMPLE_BYTES;
    } catch {
      return false;
    }
  });
}

function check(results: SweepFileResult[]): void {
  const problems: string[] = [];
  for (const result of results) {
    const where = path.relative(ROOT, result.path).startsWith('..') ? result.path : path.relative(ROOT, result.path);
    if (result.status === 'crashed') problems.push(`${where}: crashed: ${result.reason}`);
    if (result.status === 'skipped' && !result.reason) problems.push(`${where}: skipped without a reason`);
    if (result.ms > BOUND_MS) problems.push(`${where}: ${result.ms.toFixed(0)} ms`);
    for (const violation of result.violations) problems.push(`${where}: ${violation}`);
  }
  assert.deepEqual(problems, []);
}

function summary(label: string, results: SweepFileResult[]): string {
  const by = (status: string) => results.filter((result) => result.status === status).length;
  const slowest = results.reduce((a, b) => (b.ms > a.ms ? b : a), results[0]);
  const fixes = results.reduce((sum, result) => sum + result.fixesChecked, 0);
  return `# sweep sample, ${label}: ${results.length} files, ${by('analysed')} analysed, ${by('skipped')} skipped, ${by('no-adapter')} without an adapter; ${fixes} fixes verified; slowest ${slowest?.ms.toFixed(0)} ms\n`;
}

async function sweepAll(files: string[]): Promise<SweepFileResult[]> {
  const results: SweepFileResult[] = [];
  for (const file of files) {
    const { kind, forced } = sweepKindOf(file);
    results.push(await sweepFile(file, kind, forced, { maxSingleFixes: 5 }));
  }
  return results;
}

describe('sweep sample: real files analyse without crashing and their fixes are safe', () => {
  const installation = findPythonInstallation();
  const nodeModules = path.join(ROOT, 'node_modules');

  it('Python installation: 200 .py files', { skip: installation ? false : 'no python3 on this machine' }, async () => {
    const files = evenSample(small(pythonFiles(installation!)), 200);
    assert.ok(files.length > 0);
    const results = await sweepAll(files);
    process.stdout.write(summary('.py', results));
    check(results);
  });

  it('node_modules: 100 JS/TS files', async () => {
    const files = evenSample(small(scriptFiles(nodeModules)), 100);
    assert.ok(files.length > 0);
    const results = await sweepAll(files);
    process.stdout.write(summary('JS/TS', results));
    check(results);
  });

  it('manifests: 150 YAML/TOML/JSON/Dockerfile/requirements files', async () => {
    const roots = [...(installation?.roots ?? []), nodeModules];
    const files = evenSample(small(manifestFiles(roots)), 150);
    assert.ok(files.length > 0);
    const results = await sweepAll(files);
    process.stdout.write(summary('manifests', results));
    check(results);
  });
});
