/**
 * Property-based fuzzing of the whole engine, for every file kind it knows: whatever the input,
 * `analyzeText` returns (never throws), within a generous time bound, and every finding and fix
 * points inside the text it was computed on. Seeds are fixed, so a failure replays; set
 * PRODREADY_FUZZ_RUNS=N for a longer run and PRODREADY_FUZZ_SEED to explore other inputs.
 */
import * as assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeBytes, encodeText } from '../../../src/core/decode';
import { type FileAnalysis } from '../../../src/core/engine';
import { analyzeText } from '../../../src/session/engine';
import { fileKindOf } from '../../../src/core/fileKinds';
import { ADAPTERS } from '../../../src/parsers';
import { parseBudgetMs } from '../../../src/parsers/python/analyze';
import { ALL_KINDS, deepNesting, hugeLine, SAMPLE_PATHS, seeds, variants } from './inputs';

/** Per input. Real inputs take milliseconds; this only catches hangs and blow-ups. */
const BOUND_MS = 5000;
const RUNS = Number(process.env.PRODREADY_FUZZ_RUNS ?? 40);
const SEED = Number(process.env.PRODREADY_FUZZ_SEED ?? 20261125);
const ALL_PATHS = ALL_KINDS.flatMap((kind) => SAMPLE_PATHS[kind]);

const stats = { inputs: 0, slowestMs: 0, slowest: '', internalErrors: new Map<string, number>() };

/** Analyses one input and checks what must hold for any input; returns the analysis. */
async function survive(path: string, text: string, label: string): Promise<FileAnalysis> {
  const started = performance.now();
  let analysis: FileAnalysis;
  try {
    analysis = await analyzeText({ path, text });
  } catch (error) {
    assert.fail(`${label}: analyzeText threw on ${path} (${text.length} chars): ${error instanceof Error ? error.stack : String(error)}`);
  }
  const ms = performance.now() - started;
  stats.inputs++;
  if (ms > stats.slowestMs) {
    stats.slowestMs = ms;
    stats.slowest = `${label} (${path}, ${text.length} chars)`;
  }
  assert.ok(ms < BOUND_MS, `${label}: ${path} took ${ms.toFixed(0)} ms (${text.length} chars)`);
  assert.ok(Array.isArray(analysis.findings), `${label}: findings is not an array`);
  if (analysis.skipped !== undefined) {
    assert.equal(typeof analysis.skipped, 'string');
    assert.ok(analysis.skipped.length > 0, `${label}: empty skipped reason`);
    assert.equal(analysis.findings.length, 0, `${label}: a skipped file has findings`);
    if (analysis.skipped.startsWith('internal error')) {
      const key = `${fileKindOf(path)}: ${analysis.skipped.split('\n')[0].slice(0, 160)}`;
      stats.internalErrors.set(key, (stats.internalErrors.get(key) ?? 0) + 1);
    }
  }
  for (const finding of analysis.findings) {
    const source = finding.cell === undefined ? text : analysis.cells?.[finding.cell];
    assert.ok(source !== undefined, `${label}: finding in cell ${finding.cell} that does not exist`);
    assert.ok(
      Number.isInteger(finding.start) && finding.start >= 0 && finding.start <= finding.end && finding.end <= source.length,
      `${label}: ${finding.ruleId} range ${finding.start}..${finding.end} outside 0..${source.length}`,
    );
    assert.ok(finding.message.length > 0, `${label}: ${finding.ruleId} has an empty message`);
    for (const edit of finding.fix?.edits ?? []) {
      if (edit.path !== undefined) continue;
      assert.ok(
        edit.start >= 0 && edit.start <= edit.end && edit.end <= source.length,
        `${label}: ${finding.ruleId} fix edit ${edit.start}..${edit.end} outside the text`,
      );
    }
  }
  return analysis;
}

const params = (runs = RUNS) => ({ numRuns: runs, seed: SEED, endOnFailure: true });

after(() => {
  const errors = [...stats.internalErrors.entries()].map(([key, n]) => `  ${n}× ${key}`);
  process.stdout.write(
    `# fuzz: ${stats.inputs} inputs; slowest ${stats.slowestMs.toFixed(0)} ms: ${stats.slowest}\n` +
      (errors.length
        ? `# fuzz: adapters that threw (caught by the engine, reported as skipped):\n${errors.map((line) => `# ${line}`).join('\n')}\n`
        : ''),
  );
});

describe('fuzz: the engine survives anything, for every file kind', () => {
  it('knows a sample path for every kind, and every kind has an adapter', async () => {
    for (const kind of ALL_KINDS) {
      for (const path of SAMPLE_PATHS[kind]) assert.equal(fileKindOf(path), kind, `${path} should be ${kind}`);
      assert.ok(ADAPTERS.get(kind), `no adapter registered for ${kind}`);
    }
  });

  for (const path of ALL_PATHS) {
    it(`random text as ${path}`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 2000 }), async (text) => {
          await survive(path, text, 'random text');
        }),
        params(),
      );
    });
  }

  it('random bytes, decoded as the CLI decodes files, for every kind', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.constantFrom(...ALL_PATHS), async (bytes, path) => {
        const decoded = decodeBytes(bytes);
        if ('error' in decoded) {
          assert.ok(decoded.error.length > 0);
          return;
        }
        await survive(path, decoded.text, 'random bytes');
      }),
      params(RUNS * 4),
    );
  });

  const TOKENS = [
    ...[
      '(',
      ')',
      '[',
      ']',
      '{',
      '}',
      ':',
      ',',
      ';',
      '=',
      '"',
      "'",
      '`',
      '"""',
      '#',
      '//',
      '/*',
      '*/',
      '\\',
      '\n',
      '\r\n',
      '\t',
      '    ',
      ' ',
    ],
    ...[
      'def f():',
      'class A:',
      'import requests',
      'requests.get(',
      'timeout=',
      'try:',
      'except Exception:',
      'pass',
      'print(',
      'torch.load(',
      'os.environ["X"]',
      '@app.post("/p")',
    ],
    ...[
      'async ',
      'await ',
      'fetch(',
      'function ',
      '=>',
      'catch (e) {}',
      'console.log(',
      'process.env.',
      '<div>',
      '</div>',
      'as any',
      'import x from "y";',
    ],
    ...[
      'FROM python:latest',
      'RUN ',
      'USER root',
      'CMD ["uvicorn", "--reload"]',
      'apiVersion: apps/v1',
      'kind: Deployment',
      '- name: ',
      'image: ',
      'replicas: 1',
    ],
    ...[
      '[project]',
      'dependencies = [',
      'torch>=2',
      '==1.0',
      '-r other.txt',
      '--index-url ',
      '"cells": [',
      '"source": ',
      'KEY=value',
      '&anchor',
      '*anchor',
      '<<: *a',
      '!!binary',
    ],
    ...[
      'prodready: ignore',
      'prodready: ignore[missing-timeout]',
      'prodready: ignore-file',
      'AKIA0123456789ABCDEF',
      'sk-',
      'password = "hunter2hunter2"',
      '/tmp/model.pt',
      'C:\\models\\m.pt',
      'cuda:0',
    ],
  ];

  it('token soup (fragments of every format mixed), for every kind', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...TOKENS), { maxLength: 300 }), fc.constantFrom(...ALL_PATHS), async (tokens, path) => {
        await survive(path, tokens.join(''), 'token soup');
      }),
      params(RUNS * 8),
    );
  });

  const allSeeds = seeds();

  it('mutations of real files: random inserts and deletes of syntax characters', async () => {
    assert.ok(allSeeds.length > 0);
    const edit = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 8 }),
      insert: fc.constantFrom(
        '',
        '(',
        ')',
        '"',
        "'",
        ':',
        '\n',
        '\r',
        '\t',
        '{',
        '}',
        '[',
        ']',
        '#',
        '\\',
        '`',
        '\0',
        '\uFEFF',
        'é',
        '😀',
        '\uDC00',
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: allSeeds.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 12 }), async (index, edits) => {
        const seed = allSeeds[index];
        let text = seed.text;
        for (const { at, remove, insert } of edits) {
          const offset = at % (text.length + 1);
          text = text.slice(0, offset) + insert + text.slice(offset + remove);
        }
        await survive(seed.path, text, `mutation of ${seed.name}`);
      }),
      params(RUNS * 8),
    );
  });

  it('truncations of real files at many offsets (every offset of the small ones)', async () => {
    for (const seed of allSeeds) {
      const step = seed.text.length <= 300 ? 1 : Math.ceil(seed.text.length / 100);
      for (let offset = 0; offset <= seed.text.length; offset += step) {
        await survive(seed.path, seed.text.slice(0, offset), `${seed.name} cut at ${offset}`);
        // The tail alone starts mid-token: a different set of parser states.
        if (offset % (step * 4) === 0) await survive(seed.path, seed.text.slice(offset), `${seed.name} from ${offset}`);
      }
    }
  });

  it('line endings, BOM, NUL, control characters and lone surrogates in real files', async () => {
    for (const seed of allSeeds) {
      for (const variant of variants(seed.text)) await survive(seed.path, variant.text, `${seed.name} with ${variant.name}`);
    }
  });

  it('CRLF files get the same findings as their LF twins, at the same places', async () => {
    for (const seed of allSeeds) {
      const lf = seed.text.replace(/\r\n?/g, '\n');
      const crlf = lf.replace(/\n/g, '\r\n');
      const [a, b] = [await survive(seed.path, lf, `${seed.name} LF`), await survive(seed.path, crlf, `${seed.name} CRLF`)];
      const lines = (text: string, analysis: FileAnalysis) =>
        analysis.findings.map((finding) => {
          const source = finding.cell === undefined ? text : analysis.cells![finding.cell];
          return `${finding.cell ?? ''}:${source.slice(0, finding.start).split(/\r\n|\r|\n/).length}:${finding.ruleId}`;
        });
      assert.deepEqual(lines(crlf, b), lines(lf, a), `${seed.name}: CRLF changes the findings`);
    }
  });

  it('10,000-deep nesting, for every kind: analysed, or skipped with a plain reason (not an internal error)', async () => {
    for (const path of ALL_PATHS) {
      const analysis = await survive(path, deepNesting(fileKindOf(path)!, 10_000), `10,000-deep nesting`);
      assert.doesNotMatch(analysis.skipped ?? '', /internal error|Maximum call stack/, `${path}: ${analysis.skipped}`);
    }
  });

  for (const path of ALL_PATHS) {
    const kind = fileKindOf(path)!;
    it(`a 1 MB single line as ${path}`, async () => {
      await survive(path, hugeLine(kind, 1_000_000), '1 MB line');
    });
  }

  it('Python that sends the parser into super-linear error recovery is cancelled at the parse budget, and the next file parses', async () => {
    // tree-sitter-python takes ~20 s on 8 kB of `~/~/…` without a budget.
    const started = performance.now();
    const analysis = await survive('app/serve.py', '~/'.repeat(10_000) + '\n', 'pathological ~/ line');
    const ms = performance.now() - started;
    assert.match(analysis.skipped ?? '', /parsing took over .* s/);
    assert.ok(ms < parseBudgetMs(20_001) + 1000, `${ms.toFixed(0)} ms`);
    const next = await analyzeText({ path: 'app/serve.py', text: 'import requests\nrequests.get("http://model")\n' });
    assert.deepEqual(
      next.findings.map((finding) => finding.ruleId),
      ['missing-timeout'],
    );
  });

  it('empty, whitespace-only and BOM-only files, for every kind', async () => {
    for (const path of ALL_PATHS) {
      for (const text of ['', '\n', '\r\n', '\r', ' ', '\t\t', '\uFEFF', '\0', '\uFEFF\n', '\n'.repeat(100_000)])
        await survive(path, text, `trivial ${JSON.stringify(text.slice(0, 4))}`);
    }
  });

  it('invalid YAML, TOML, JSON and notebooks are skipped with a reason or analysed, never thrown', async () => {
    const invalid: Array<[string, string]> = [
      ['k8s/deployment.yaml', 'a: [1, 2\nb: {c: d'],
      ['k8s/deployment.yaml', 'key: value\n  bad-indent: x\n- list'],
      ['k8s/deployment.yaml', 'a: &x 1\nb: *y\n'],
      ['k8s/deployment.yaml', 'a: &a [*a]\n'],
      [
        'k8s/deployment.yaml',
        `${Array.from({ length: 30 }, (_, i) => `l${i}: &l${i} [${i ? `*l${i - 1}, *l${i - 1}` : '"x"'}]`).join('\n')}\n`,
      ],
      ['k8s/deployment.yaml', '%YAML 9.9\n---\n!!python/object:os.system x\n'],
      ['k8s/deployment.yaml', '---\n---\n...\n---\napiVersion: v1\nkind: Pod\nspec: 3\n'],
      ['k8s/deployment.yaml', 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers: "not a list"\n'],
      ['k8s/deployment.yaml', 'apiVersion: apps/v1\nkind: Deployment\nspec: {replicas: "many", template: null}\n'],
      ['docker-compose.yml', 'services: [1, 2]\n'],
      ['docker-compose.yml', 'services:\n  api: null\n  web: 3\n  x: {image: [1], ports: {a: 1}, environment: 7}\n'],
      ['pyproject.toml', '[project\nname = "x"'],
      ['pyproject.toml', 'a = 1\na = 2\n'],
      ['pyproject.toml', '[project]\ndependencies = "not a list"\n[tool.poetry]\ndependencies = [1, 2]\n'],
      ['pyproject.toml', '[project]\ndependencies = [1, {a = 2}, ["x"]]\noptional-dependencies = 3\n'],
      ['Pipfile', '[packages]\nflask = {version = 3}\ntorch = []\n'],
      ['poetry.lock', '[[package]]\nname = 3\n[[package]]\n'],
      ['package.json', '{"dependencies": {"a": 1, "b": null, "c": ["x"]}, "scripts": 3}'],
      ['package.json', '{"a": 1,}'],
      ['package.json', '[1, 2, 3]'],
      ['package.json', '"just a string"'],
      ['package.json', '{"dependencies": "x", "engines": [], "main": {}}'],
      ['package-lock.json', '{"packages": [1], "dependencies": "x"}'],
      ['notebooks/train.ipynb', '{"cells": "not a list"}'],
      [
        'notebooks/train.ipynb',
        '{"cells": [{"cell_type": "code", "source": 3}, {"cell_type": "code"}, null, 7, {"source": ["a", 1, null]}]}',
      ],
      [
        'notebooks/train.ipynb',
        '{"cells": [{"cell_type": "markdown", "source": "# t"}, {"cell_type": "code", "source": "import requests\\nrequests.get(\\"x\\")"}]}',
      ],
      ['notebooks/train.ipynb', '{"nbformat": 3, "worksheets": [{"cells": [{"cell_type": "code", "input": "print(1)"}]}]}'],
      ['notebooks/train.ipynb', '{"cells": [{"cell_type": "code", "source": ["x = ("]}]'],
      ['notebooks/train.ipynb', 'not json at all'],
      ['Dockerfile', 'FROM\nRUN\nUSER\nCMD [\nENTRYPOINT ["a", \nHEALTHCHECK --interval\nARG\nENV =\nCOPY --from= a b\n'],
      ['Dockerfile', 'FROM python:3.11 AS a\nFROM a AS b\nFROM b AS a\n'],
      ['requirements.txt', '-r requirements.txt\n-c\n--index-url\n==\n@ file:///\ntorch[\n@\nx ; python_version <\n'],
      ['.env', '=\n==\n"unterminated\nexport\nKEY\n'],
    ];
    for (const [path, text] of invalid) await survive(path, text, `invalid ${path}: ${JSON.stringify(text.slice(0, 30))}`);
  });

  it('UTF-16 and Latin-1 files decode to the same text and analyse alike', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: allSeeds.length - 1 }),
        fc.constantFrom('utf16le', 'utf16be') as fc.Arbitrary<'utf16le' | 'utf16be'>,
        async (index, encoding) => {
          const seed = allSeeds[index];
          const bytes = encodeText({ encoding, bom: true }, seed.text);
          const decoded = decodeBytes(bytes);
          assert.ok(!('error' in decoded), `${seed.name} in ${encoding}: ${'error' in decoded ? decoded.error : ''}`);
          assert.equal(decoded.text, seed.text);
          await survive(seed.path, decoded.text, `${seed.name} as ${encoding}`);
        },
      ),
      params(allSeeds.length * 2),
    );
    const latin1 = '# -*- coding: latin-1 -*-\nimport requests\nNAME = "caf\u00e9 \u00fc\u00df"\nrequests.get("http://x")\n';
    const decoded = decodeBytes(Buffer.from(latin1, 'latin1'));
    assert.ok(!('error' in decoded) && decoded.encoding === 'latin1' && decoded.text === latin1);
    const analysis = await survive('app/serve.py', decoded.text, 'Latin-1 Python');
    assert.ok(analysis.findings.some((finding) => finding.ruleId === 'missing-timeout'));
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: fc.integer({ min: 1, max: 0xff }).map((code) => String.fromCharCode(code)), maxLength: 500 }),
        async (body) => {
          const text = `# coding: latin-1\n${body}`;
          const bytes = encodeText({ encoding: 'latin1', bom: false }, text);
          const back = decodeBytes(bytes);
          if ('error' in back) return;
          await survive('app/serve.py', back.text, 'Latin-1 bytes');
        },
      ),
      params(),
    );
  });
});
