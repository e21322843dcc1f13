import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertClean, findings, located } from '../helpers';

const RULE = 'missing-logging';

describe('missing-logging (python)', () => {
  it('flags the name of the first serving function that does work (not a health endpoint) once', async () => {
    const code = [
      'from fastapi import FastAPI',
      'app = FastAPI()',
      'def helper():',
      '    return 1',
      '@app.get("/health")',
      'async def health():',
      '    print("ok")',
      '    return {}',
      '@app.post("/predict")',
      'def predict():',
      '    return {}',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code), [{ at: '10:5', text: 'predict' }]);
    // A module whose only route is a health endpoint has nothing to log.
    assert.deepEqual(await located(RULE, code.split('@app.post')[0]), []);
  });

  it('flags model-server classes and lambda handlers', async () => {
    const code = 'import json\ndef handler(event, context):\n    return json.loads(event["body"])\n';
    assert.deepEqual(await located(RULE, code), [{ at: '2:5', text: 'handler' }]);
  });

  it('leaves modules that make a log call, and modules without serving code, alone', async () => {
    const route = (body: string) => `@app.get("/")\ndef root():\n    ${body}\n    return 1\n`;
    const flask = 'from flask import Flask\napp = Flask(__name__)\n';
    await assertClean(RULE, 'def train():\n    return 1\n');
    await assertClean(RULE, `import logging\n${flask}logger = logging.getLogger(__name__)\n${route('logger.info("hit")')}`);
    await assertClean(RULE, `import logging\n${flask}${route('logging.warning("hit")')}`);
    await assertClean(RULE, `from loguru import logger\n${flask}${route('logger.success("hit")')}`);
    await assertClean(RULE, `import structlog\n${flask}log = structlog.get_logger()\n${route('log.bind(user=1).info("hit")')}`);
    await assertClean(RULE, `from app.core.log import get_logger\n${flask}${route('get_logger(__name__).info("hit")')}`);
    await assertClean(RULE, `from .utils import log_request\n${flask}${route('log_request()')}`);
    await assertClean(RULE, `${flask}${route('app.logger.info("hit")')}`);
    await assertClean(RULE, `${flask}def helper():\n    app.logger.error("x")\n${route('helper()')}`);
    await assertClean(RULE, `${flask}${route('pass')}`, 'tests/test_app.py');
  });

  it('flags a serving module that imports or binds a logger but never calls it (R2.2)', async () => {
    const route = '@app.get("/")\ndef root():\n    return 1\n';
    for (const head of [
      'import logging\n',
      'import logging\nlogger = logging.getLogger(__name__)\n',
      'from loguru import logger\n',
      'import structlog\n',
    ]) {
      assert.deepEqual(await located(RULE, `${head}from flask import Flask\napp = Flask(__name__)\n${route}`), [
        { at: `${head.split('\n').length + 3}:5`, text: 'root' },
      ]);
    }
  });

  it('does not take a math log for a logger', async () => {
    const code = 'from math import log\nfrom flask import Flask\napp = Flask(__name__)\n@app.get("/")\ndef root():\n    return log(2)\n';
    assert.deepEqual(await located(RULE, code), [{ at: '5:5', text: 'root' }]);
  });

  it('offers no fix: an unused logger would silence the rule without logging anything', async () => {
    const code = '"""Svc."""\nfrom flask import Flask\n\napp = Flask(__name__)\n\n@app.get("/")\ndef root():\n    return 1\n';
    const found = await findings(RULE, code);
    assert.equal(found.length, 1);
    assert.equal(found[0].fix, undefined);
  });
});
