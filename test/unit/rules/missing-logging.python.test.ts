import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertClean, assertFixed, located } from '../helpers';

const RULE = 'missing-logging';

describe('missing-logging (python)', () => {
  it('flags the name of the first serving function once', async () => {
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
    assert.deepEqual(await located(RULE, code), [{ at: '6:11', text: 'health' }]);
  });

  it('flags model-server classes and lambda handlers', async () => {
    const code = 'import json\ndef handler(event, context):\n    return json.loads(event["body"])\n';
    assert.deepEqual(await located(RULE, code), [{ at: '2:5', text: 'handler' }]);
  });

  it('leaves modules with a logger or without serving code alone', async () => {
    const route = '@app.get("/")\ndef root():\n    return 1\n';
    await assertClean(RULE, 'def train():\n    return 1\n');
    await assertClean(RULE, `import logging\nfrom flask import Flask\napp = Flask(__name__)\n${route}`);
    await assertClean(RULE, `from loguru import logger\nfrom flask import Flask\napp = Flask(__name__)\n${route}`);
    await assertClean(RULE, `import structlog\nfrom flask import Flask\napp = Flask(__name__)\n${route}`);
    await assertClean(RULE, `from app.core.log import get_logger\nfrom flask import Flask\napp = Flask(__name__)\n${route}`);
    await assertClean(RULE, `from .utils import logger\nfrom flask import Flask\napp = Flask(__name__)\n${route}`);
    await assertClean(
      RULE,
      'from flask import Flask\napp = Flask(__name__)\n@app.get("/")\ndef root():\n    app.logger.info("hit")\n    return 1\n',
    );
    await assertClean(RULE, `from flask import Flask\napp = Flask(__name__)\n${route}`, 'tests/test_app.py');
  });

  it('does not take a math log for a logger', async () => {
    const code = 'from math import log\nfrom flask import Flask\napp = Flask(__name__)\n@app.get("/")\ndef root():\n    return log(2)\n';
    assert.deepEqual(await located(RULE, code), [{ at: '5:5', text: 'root' }]);
  });

  it('adds import logging and a module logger after the imports', async () => {
    const code = '"""Svc."""\nfrom flask import Flask\n\napp = Flask(__name__)\n\n@app.get("/")\ndef root():\n    return 1\n';
    const fixed = await assertFixed(RULE, code);
    assert.equal(
      fixed,
      '"""Svc."""\nfrom flask import Flask\nimport logging\nlogger = logging.getLogger(__name__)\n\napp = Flask(__name__)\n\n@app.get("/")\ndef root():\n    return 1\n',
    );
  });
});
