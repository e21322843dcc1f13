import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyze, assertClean, assertFixed, findings, located } from '../helpers';

const RULE = 'print-logging';

const SERVICE = ['from fastapi import FastAPI', 'app = FastAPI()', ''].join('\n');

describe('print-logging (python)', () => {
  it('flags the builtin print in a serving module, at the call', async () => {
    const code = [
      SERVICE,
      'print("starting")',
      '@app.post("/predict")',
      'def predict(x: int):',
      '    print("got", x)',
      '    return {"y": x}',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code), [
      { at: '4:1', text: 'print("starting")' },
      { at: '7:5', text: 'print("got", x)' },
    ]);
  });

  it('flags prints in helper functions of a serving module too', async () => {
    const code = [SERVICE, 'def helper(v):', '    print(v)', '@app.get("/h")', 'def h():', '    return helper(1)', ''].join('\n');
    assert.deepEqual(await located(RULE, code), [{ at: '5:5', text: 'print(v)' }]);
  });

  it('leaves modules without serving code, main blocks, tests, scripts and notebooks alone', async () => {
    await assertClean(RULE, 'def train():\n    print("epoch")\n');
    const withMain = `${SERVICE}@app.get("/")\ndef root():\n    return 1\nif __name__ == "__main__":\n    print("run with uvicorn")\n`;
    await assertClean(RULE, withMain);
    const serving = `${SERVICE}@app.get("/")\ndef root():\n    print("x")\n`;
    await assertClean(RULE, serving, 'tests/test_app.py');
    await assertClean(RULE, serving, 'app/serve_test.py');
    await assertClean(RULE, serving, 'scripts/serve.py');
    await assertClean(RULE, serving, 'notebooks/serve.ipynb');
  });

  it('does not apply to notebooks, whose cells are still analysed', async () => {
    const cell = (source: string) => ({ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source });
    const notebook = JSON.stringify({
      cells: [cell(SERVICE), cell('@app.get("/")\ndef root():\n    print("x")\n    return open("/home/me/m.pkl")\n')],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    });
    const result = await analyze(notebook, 'notebooks/serve.ipynb');
    assert.deepEqual(
      result.findings.filter((f) => f.ruleId === RULE || f.ruleId === 'hardcoded-path').map((f) => f.ruleId),
      ['hardcoded-path'],
    );
  });

  it('leaves a shadowed print, prints to files and click/typer commands alone', async () => {
    await assertClean(RULE, `from rich import print\n${SERVICE}@app.get("/")\ndef root():\n    print("x")\n`);
    await assertClean(RULE, `${SERVICE}@app.get("/")\ndef root(print):\n    print("x")\n`);
    await assertClean(RULE, `${SERVICE}@app.get("/")\ndef root():\n    with open("o.txt", "w") as f:\n        print("x", file=f)\n`);
    const cli = [
      'import click',
      'import typer',
      SERVICE,
      'cli = typer.Typer()',
      '@app.get("/")',
      'def root():',
      '    return 1',
      '@click.command()',
      'def export():',
      '    print("done")',
      '@cli.command()',
      'def show():',
      '    print("shown")',
      '',
    ].join('\n');
    await assertClean(RULE, cli);
  });

  it('rewrites to logger calls, adding the logger once', async () => {
    const code = [
      '"""Service."""',
      'import sys',
      SERVICE,
      '@app.post("/predict")',
      'def predict(x: int):',
      '    print("got", x, "at 100%")',
      '    print(f"value {x}")',
      '    print("bad input", x, file=sys.stderr)',
      '    print(x, sep=", ", end="", flush=True)',
      '    return {"y": x}',
      '',
    ].join('\n');
    const fixed = await assertFixed(RULE, code);
    assert.equal(
      fixed,
      [
        '"""Service."""',
        // Alphabetically among the standard library's `import x` lines (isort/ruff).
        'import logging',
        'import sys',
        'from fastapi import FastAPI',
        'logger = logging.getLogger(__name__)',
        'app = FastAPI()',
        '',
        '@app.post("/predict")',
        'def predict(x: int):',
        '    logger.info("got %s at 100%%", x)',
        '    logger.info(f"value {x}")',
        '    logger.error("bad input %s", x)',
        '    logger.info("%s", x)',
        '    return {"y": x}',
        '',
      ].join('\n'),
    );
  });

  it('reuses an existing logger, its style and the sep= separator', async () => {
    const stdlib = `import logging\nlog = logging.getLogger("svc")\n${SERVICE}@app.get("/")\ndef root(a, b):\n    print(a, 'it\\'s "q"', b, sep="|")\n`;
    assert.match(await assertFixed(RULE, stdlib), /log\.info\("%s\|it\\'s \\"q\\"\|%s", a, b\)/);
    const loguru = `from loguru import logger\n${SERVICE}@app.get("/")\ndef root(a):\n    print("a {x}", a)\n`;
    const fixed = await assertFixed(RULE, loguru);
    assert.match(fixed, /logger\.info\("a \{\{x\}\} \{\}", a\)/);
    assert.doesNotMatch(fixed, /import logging/);
  });

  it('withholds the fix where the rewrite would change the output', async () => {
    const early = `import logging\n${SERVICE}print("loading")\nlog = logging.getLogger(__name__)\n@app.get("/")\ndef root():\n    print("x")\n`;
    const earlyFound = await findings(RULE, early);
    assert.deepEqual(
      earlyFound.map((f) => f.fix?.edits[0].text),
      [undefined, 'log.info("x")'],
    );
    const code = `${SERVICE}@app.get("/")\ndef root(items, s):\n    print(*items)\n    print(1, sep=s)\n    print()\n`;
    const found = await findings(RULE, code);
    assert.equal(found.length, 3);
    assert.ok(found.every((f) => f.fix === undefined));
  });

  it('clears missing-logging once fixed', async () => {
    const code = `${SERVICE}@app.get("/")\ndef root():\n    print("hi")\n    return 1\n`;
    const fixed = await assertFixed(RULE, code);
    assert.deepEqual(await findings('missing-logging', fixed), []);
  });

  it('configures logging in a script entry that configures nothing, so INFO records reach the output (R2.2)', async () => {
    const main = `import uvicorn\n${SERVICE}@app.get("/")\ndef root():\n    print("hi")\n    return 1\n\nif __name__ == "__main__":\n    uvicorn.run(app)\n`;
    assert.equal(
      await assertFixed(RULE, main),
      [
        'import logging',
        '',
        'import uvicorn',
        'from fastapi import FastAPI',
        'logging.basicConfig(level=logging.INFO)',
        'logger = logging.getLogger(__name__)',
        'app = FastAPI()',
        '@app.get("/")',
        'def root():',
        '    logger.info("hi")',
        '    return 1',
        '',
        'if __name__ == "__main__":',
        '    uvicorn.run(app)',
        '',
      ].join('\n'),
    );
    // A server started at module level is an entry too; an existing stdlib logger is kept.
    const flask = `import logging\nfrom flask import Flask\nlog = logging.getLogger(__name__)\napp = Flask(__name__)\n@app.get("/")\ndef root():\n    print("hi")\n    return 1\napp.run()\n`;
    const fixedFlask = await assertFixed(RULE, flask);
    assert.match(
      fixedFlask,
      /^import logging\nfrom flask import Flask\nlogging\.basicConfig\(level=logging\.INFO\)\nlog = logging\.getLogger/,
    );
    assert.match(fixedFlask, /log\.info\("hi"\)/);
  });

  it('adds no basicConfig to a module imported by the entry, or one that configures logging already', async () => {
    const imported = `${SERVICE}@app.get("/")\ndef root():\n    print("hi")\n    return 1\n`;
    assert.doesNotMatch(await assertFixed(RULE, imported), /basicConfig/);
    const configured = `import logging.config\nimport uvicorn\n${SERVICE}logging.config.dictConfig({"version": 1})\n@app.get("/")\ndef root():\n    print("hi")\n    return 1\nuvicorn.run(app)\n`;
    const fixed = await assertFixed(RULE, configured);
    assert.equal(fixed.match(/basicConfig|dictConfig/g)?.length, 1);
    const loguru = `from loguru import logger\nimport uvicorn\n${SERVICE}@app.get("/")\ndef root():\n    print("hi")\n    return 1\nuvicorn.run(app)\n`;
    assert.doesNotMatch(await assertFixed(RULE, loguru), /basicConfig/);
  });
});
