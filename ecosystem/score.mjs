#!/usr/bin/env node
// Scores this prodready checkout on the ecosystem corpus (ecosystem/REPOS.md): five public ML-serving
// repositories, pinned, with hand-judged findings in ecosystem/verdicts.json.
//
//   node ecosystem/score.mjs TREES [--checkout DIR] [--verdicts FILE] [--json OUT] [--quiet]
//
// TREES holds one folder per repository, named owner__name (ecosystem/export.sh makes them). The trees are
// not in this repository and CI is offline: this is a measurement to run while changing rules, not a test.
// A finding matches a verdict when path, cell and rule are equal and the line is within +-2 (as the
// real-world corpus's score.py does). No dependencies beyond Node itself.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const SLACK = 2;

function parseArgs(argv) {
  const a = { trees: null, checkout: path.resolve(here, '..'), verdicts: path.join(here, 'verdicts.json'), json: null, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--checkout') a.checkout = path.resolve(argv[++i]);
    else if (k === '--verdicts') a.verdicts = path.resolve(argv[++i]);
    else if (k === '--json') a.json = path.resolve(argv[++i]);
    else if (k === '--quiet') a.quiet = true;
    else if (k === '-h' || k === '--help') a.help = true;
    else if (!a.trees) a.trees = path.resolve(k);
    else throw new Error(`unexpected argument ${k}`);
  }
  return a;
}

function runProdready(checkout, tree) {
  const bin = path.join(checkout, 'bin', 'prodready.js');
  const p = spawnSync(process.execPath, [bin, 'check', tree, '--format', 'json', '--fail-on', 'never'], {
    cwd: checkout,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (p.status !== 0 && p.status !== 1) {
    throw new Error(`prodready failed on ${tree} (exit ${p.status}): ${(p.stderr || '').trim().slice(-400)}`);
  }
  const report = JSON.parse(p.stdout);
  return report.findings.map((f) => ({
    path: path.relative(tree, path.resolve(checkout, f.path)).split(path.sep).join('/'),
    cell: f.cell ?? null,
    line: f.line,
    rule: f.rule,
    message: f.message,
  }));
}

const near = (found, v) =>
  found.some((f) => f.path === v.path && f.cell === (v.cell ?? null) && f.rule === v.rule && Math.abs(f.line - v.line) <= SLACK);

function main() {
  const a = parseArgs(process.argv.slice(2));
  if (a.help || !a.trees) {
    console.log('usage: node ecosystem/score.mjs TREES [--checkout DIR] [--verdicts FILE] [--json OUT] [--quiet]');
    process.exit(a.help ? 0 : 2);
  }
  if (!existsSync(path.join(a.checkout, 'dist'))) {
    console.error(`no dist/ in ${a.checkout}: run npm ci (or npm run build) first`);
    process.exit(2);
  }
  const verdicts = JSON.parse(readFileSync(a.verdicts, 'utf8')).judged;
  const repos = [...new Set(verdicts.map((v) => v.repo))].sort();
  const found = {};
  const perRule = new Map();
  for (const repo of repos) {
    const tree = path.join(a.trees, repo.replace('/', '__'));
    if (!existsSync(tree) || !statSync(tree).isDirectory()) {
      console.error(`missing tree ${tree}: run ecosystem/export.sh ${a.trees}`);
      process.exit(2);
    }
    found[repo] = runProdready(a.checkout, tree);
    for (const f of found[repo]) perRule.set(f.rule, (perRule.get(f.rule) || 0) + 1);
  }

  const tps = verdicts.filter((v) => v.verdict === 'TP');
  const fps = verdicts.filter((v) => v.verdict === 'FP');
  const kept = tps.filter((v) => near(found[v.repo], v));
  const lost = tps.filter((v) => !near(found[v.repo], v));
  const still = fps.filter((v) => near(found[v.repo], v));
  // Unjudged findings: each verdict claims one finding (the nearest unclaimed one within the slack, exact
  // lines first), so a run of same-rule findings on neighbouring lines is not hidden by one verdict.
  const unjudged = [];
  for (const repo of repos) {
    const claimed = new Set();
    const mine = verdicts.filter((v) => v.repo === repo).map((v) => ({ v, done: false }));
    for (const slack of Array.from({ length: SLACK + 1 }, (_, i) => i)) {
      for (const m of mine) {
        if (m.done) continue;
        const i = found[repo].findIndex(
          (f, k) =>
            !claimed.has(k) &&
            f.path === m.v.path &&
            f.cell === (m.v.cell ?? null) &&
            f.rule === m.v.rule &&
            Math.abs(f.line - m.v.line) === slack,
        );
        if (i >= 0) {
          claimed.add(i);
          m.done = true;
        }
      }
    }
    found[repo].forEach((f, k) => {
      if (!claimed.has(k)) unjudged.push({ repo, ...f });
    });
  }

  // Per rule: findings now, judged TPs kept / judged TPs, judged FPs still reported / judged FPs.
  const rules = [...new Set([...perRule.keys(), ...verdicts.map((v) => v.rule)])].sort();
  const table = rules.map((rule) => {
    const t = tps.filter((v) => v.rule === rule);
    const f = fps.filter((v) => v.rule === rule);
    return {
      rule,
      findings: perRule.get(rule) || 0,
      tp_kept: kept.filter((v) => v.rule === rule).length,
      tp: t.length,
      fp_still: still.filter((v) => v.rule === rule).length,
      fp: f.length,
    };
  });
  const total = [...perRule.values()].reduce((s, n) => s + n, 0);
  const reported = kept.length + still.length;
  const precision = reported ? kept.length / reported : 0;

  console.log(
    'findings per rule:',
    [...perRule.entries()]
      .sort((x, y) => y[1] - x[1])
      .map(([r, n]) => `${r} ${n}`)
      .join(', '),
  );
  console.log(`total findings: ${total}`);
  console.log('');
  console.log(`${'rule'.padEnd(28)} ${'now'.padStart(5)} ${'TP kept'.padStart(9)} ${'FP still'.padStart(9)}`);
  for (const r of table) {
    console.log(
      `${r.rule.padEnd(28)} ${String(r.findings).padStart(5)} ${`${r.tp_kept}/${r.tp}`.padStart(9)} ${`${r.fp_still}/${r.fp}`.padStart(9)}`,
    );
  }
  if (!a.quiet) {
    console.log('');
    for (const v of still) console.log(`  still reported (judged FP): ${v.repo}:${v.path}:${v.line} ${v.rule} - ${v.why}`);
    for (const v of lost) console.log(`  lost (judged TP): ${v.repo}:${v.path}:${v.line} ${v.rule} - ${v.why}`);
    for (const f of unjudged) {
      const where = f.cell === null ? `${f.path}:${f.line}` : `${f.path}[cell ${f.cell}]:${f.line}`;
      console.log(`  unjudged: ${f.repo}:${where} ${f.rule} - ${f.message}`);
    }
  }
  console.log('');
  console.log(
    `judged TP kept ${kept.length}/${tps.length}; judged FP still reported ${still.length}/${fps.length}; ` +
      `precision on the judged sample ${precision.toFixed(2)}; unjudged findings ${unjudged.length}`,
  );
  if (a.json) {
    writeFileSync(
      a.json,
      JSON.stringify(
        {
          kept: kept.length,
          tp: tps.length,
          still_fp: still.length,
          fp: fps.length,
          precision,
          total,
          unjudged: unjudged.length,
          per_rule: Object.fromEntries(table.map((r) => [r.rule, r])),
          unjudged_findings: unjudged,
        },
        null,
        1,
      ) + '\n',
    );
  }
}

main();
