// TS/JS throughput of prodready beside a bare typescript-estree parse of the same files: the
// project's own node_modules (.js .mjs .cjs .ts .tsx .jsx, no .d.ts, no file over 1 MB), taken
// evenly across the sorted list up to a byte cap (20 MB; --quick: 3 MB). Files are read before
// the clock starts; both sides get a warm-up pass first, then run interleaved file by file.
//
//   node scripts/bench-typescript.mjs [--quick] [--json]
//   import { benchTypeScript } from './bench-typescript.mjs'; await benchTypeScript({ capBytes })
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCore, coreBundlePath, loadCore, root } from './lib/core.mjs';

const require = createRequire(import.meta.url);
const SCRIPT = /\.(js|mjs|cjs|ts|tsx|jsx|mts|cts)$/;
const MAX_FILE_BYTES = 1_000_000;

function walk(folder, out) {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = join(folder, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile() && SCRIPT.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name)) out.push(full);
  }
}

/** Files evenly spread over the sorted list until `capBytes` of text is collected. */
export function typescriptCorpus(capBytes, nodeModules = join(root, 'node_modules')) {
  const all = [];
  walk(nodeModules, all);
  all.sort();
  const sizes = all.map((file) => statSync(file).size);
  const candidates = all.filter((_, i) => sizes[i] > 0 && sizes[i] <= MAX_FILE_BYTES);
  const totalBytes = candidates.reduce((sum, file) => sum + statSync(file).size, 0);
  const stride = Math.max(1, Math.floor(totalBytes / capBytes));
  const files = [];
  const texts = [];
  let bytes = 0;
  for (let i = 0; i < candidates.length && bytes < capBytes; i += stride) {
    const text = readFileSync(candidates[i], 'utf8');
    files.push(candidates[i]);
    texts.push(text);
    bytes += Buffer.byteLength(text);
  }
  return { files, texts, bytes, available: candidates.length };
}

function estreeOptions(file) {
  return {
    range: true,
    loc: false,
    comment: false,
    tokens: false,
    jsx: /\.(tsx|jsx|js|mjs|cjs)$/.test(file),
    filePath: file,
    errorOnUnknownASTType: false,
  };
}

/**
 * Measures the bare parse and prodready's full TS/JS analysis (parse, walk, module facts, every
 * TS/JS rule) over the same files. Returns plain numbers; `formatResult` prints them.
 */
export async function benchTypeScript({ capBytes = 20_000_000, build = false } = {}) {
  if (build || !existsSync(coreBundlePath())) await buildCore();
  const core = loadCore();
  const { parse } = require('@typescript-eslint/typescript-estree');
  const { files, texts, bytes, available } = typescriptCorpus(capBytes);
  const warm = Math.min(50, files.length);

  const bareParse = (i) => {
    try {
      parse(texts[i], estreeOptions(files[i]));
      return true;
    } catch {
      return false;
    }
  };
  for (let i = 0; i < warm; i++) {
    bareParse(i);
    await core.analyzeText({ path: files[i], text: texts[i], kind: 'typescript' });
  }
  // Interleaved file by file, alternating which goes first, so both sides meet the same machine
  // load and heap state (a shared machine drifts by more than the difference being measured).
  let parseErrors = 0;
  let bareMs = 0;
  let prodreadyMs = 0;
  let findings = 0;
  let skipped = 0;
  const byRule = {};
  let slowest = { ms: 0, file: '' };
  for (let i = 0; i < files.length; i++) {
    const runBare = async () => {
      const start = process.hrtime.bigint();
      if (!bareParse(i)) parseErrors++;
      bareMs += Number(process.hrtime.bigint() - start) / 1e6;
    };
    const runProdready = async () => {
      const start = process.hrtime.bigint();
      const analysis = await core.analyzeText({ path: files[i], text: texts[i], kind: 'typescript' });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      prodreadyMs += ms;
      if (ms > slowest.ms) slowest = { ms, file: files[i] };
      if (analysis.skipped) skipped++;
      findings += analysis.findings.length;
      for (const finding of analysis.findings) byRule[finding.ruleId] = (byRule[finding.ruleId] ?? 0) + 1;
    };
    if (i % 2 === 0) {
      await runBare();
      await runProdready();
    } else {
      await runProdready();
      await runBare();
    }
  }

  const rate = (ms) => ({ ms, mbPerSecond: bytes / 1e6 / (ms / 1000), filesPerSecond: files.length / (ms / 1000) });
  return {
    corpus: { files: files.length, bytes, available, parseErrors },
    bareParse: rate(bareMs),
    prodready: { ...rate(prodreadyMs), findings, skipped, byRule, slowest: { ms: slowest.ms, file: relative(root, slowest.file) } },
    /** prodready time ÷ bare parse time. */
    ratio: prodreadyMs / bareMs,
  };
}

export function formatResult(result) {
  const f = (n, digits = 2) => n.toFixed(digits);
  const { corpus, bareParse, prodready } = result;
  return [
    `TS/JS corpus: ${corpus.files} files, ${f(corpus.bytes / 1e6)} MB of node_modules (${corpus.parseErrors} do not parse)`,
    `bare typescript-estree parse: ${f(bareParse.mbPerSecond)} MB/s, ${f(bareParse.filesPerSecond, 0)} files/s (${f(bareParse.ms / 1000)} s)`,
    `prodready (parse + walk + facts + ${Object.keys(prodready.byRule).length ? 'all' : 'all'} TS/JS rules): ${f(prodready.mbPerSecond)} MB/s, ${f(prodready.filesPerSecond, 0)} files/s (${f(prodready.ms / 1000)} s)`,
    `prodready time / bare parse time: ${f(result.ratio)}x; slowest file ${f(prodready.slowest.ms, 1)} ms (${prodready.slowest.file})`,
    `findings: ${prodready.findings} (${Object.entries(prodready.byRule)
      .sort((a, b) => b[1] - a[1])
      .map(([rule, count]) => `${rule} ${count}`)
      .join(', ')}); skipped: ${prodready.skipped}`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const quick = process.argv.includes('--quick');
  // Standalone runs rebuild the core bundle so they measure the tree as it is now.
  const result = await benchTypeScript({ capBytes: quick ? 3_000_000 : 20_000_000, build: !process.argv.includes('--no-build') });
  process.stdout.write((process.argv.includes('--json') ? JSON.stringify(result, null, 2) : formatResult(result)) + '\n');
}
