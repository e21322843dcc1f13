import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertClean, assertFixed, findings, located } from '../helpers';

const RULE = 'missing-fallback';

const HEADER = ['import requests', 'from fastapi import FastAPI', 'app = FastAPI()'];

describe('missing-fallback (python)', () => {
  it('flags unprotected model and remote calls in serving code, on the callee', async () => {
    const code = [
      ...HEADER,
      'import onnxruntime as ort',
      'sess = ort.InferenceSession("m.onnx")',
      '@app.post("/predict")',
      'async def predict(payload: dict):',
      '    features = requests.get("http://features", timeout=2).json()',
      '    score = model.predict_proba([features])',
      '    out = sess.run(None, {"x": features})',
      '    reply = await client.chat.completions.create(model="m", messages=[], max_tokens=5)',
      '    return {"score": score}',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code)).map((f) => f.at),
      ['8:16', '9:13', '10:11', '11:19'],
    );
    const messages = (await findings(RULE, code)).map((f) => f.message);
    assert.equal(
      messages[0],
      'requests.get() in predict() has no error handling: when the service fails or times out, the request fails with a 500 instead of a fallback',
    );
    assert.match(messages[1], /^model\.predict_proba\(\) in predict\(\) has no error handling: when the model fails/);
  });

  it('flags SageMaker, Triton and ONNX Runtime sessions bound to self in Lambda handlers and Ray Serve deployments', async () => {
    const code = [
      'import boto3, json',
      'import onnxruntime',
      'from ray import serve',
      'runtime = boto3.client("sagemaker-runtime")',
      'def lambda_handler(event, context):',
      '    out = runtime.invoke_endpoint(EndpointName="ep", Body=event["body"])',
      '    return json.loads(out["Body"].read())',
      '@serve.deployment',
      'class Scorer:',
      '    def __init__(self):',
      '        self.session = None',
      '        self.session = onnxruntime.InferenceSession("m.onnx")',
      '        self.triton = make_client()',
      '    async def __call__(self, request):',
      '        x = await request.json()',
      '        self.triton.infer("m", x)',
      '        return self.session.run(None, {"x": x})',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code)).map((f) => f.at),
      ['6:11', '16:9', '17:16'],
    );
  });

  it('does not count a try whose handler only re-raises, nor calls in except/finally clauses', async () => {
    const code = [
      ...HEADER,
      '@app.post("/a")',
      'def a(x: list):',
      '    try:',
      '        y = model.predict(x)',
      '    except Exception:',
      '        raise',
      '    try:',
      '        z = model.predict(x)',
      '    except ValueError as e:',
      '        log.error("bad input")',
      '        raise e',
      '    try:',
      '        w = model.predict(x)',
      '    except Exception:',
      '        w = backup.predict(x)',
      '    finally:',
      '        requests.post("http://audit", json=x, timeout=1)',
      '    return y',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code)).map((f) => f.at),
      ['7:13', '11:13', '18:13', '20:9'],
    );
  });

  it('leaves protected calls, retried functions, own methods, non-serving code and other .run( alone', async () => {
    await assertClean(
      RULE,
      [
        ...HEADER,
        'import subprocess, tenacity',
        'from fastapi import HTTPException',
        'from backoff import on_exception, expo',
        '@app.post("/a")',
        'def a(x: list):',
        '    try:',
        '        return model.predict(x)',
        '    except Exception:',
        '        return {"fallback": True}',
        '@app.post("/b")',
        'def b(x: list):',
        '    try:',
        '        with timer():',
        '            r = requests.post("http://m", json=x, timeout=1)',
        '    except requests.RequestException as exc:',
        '        raise HTTPException(status_code=503) from exc',
        '    subprocess.run(["ls"])',
        '    return r.json()',
        '@app.post("/b2")',
        'def b2(x: list):',
        '    try:',
        '        return model.predict(x)',
        '    except Exception:',
        '        if cache.get(x):',
        '            return cache.get(x)',
        '        raise',
        '@app.post("/c")',
        '@tenacity.retry(stop=tenacity.stop_after_attempt(3))',
        'def c(x: list):',
        '    return model.generate(x)',
        '@app.post("/d")',
        '@on_exception(expo, Exception, max_tries=3)',
        'def d(x: list):',
        '    return requests.get("http://m", timeout=1).json()',
        'class Handler:',
        '    def handle(self, data, context):',
        '        return self.predict(data)',
        'def offline(x):',
        '    return model.predict(x)',
        '',
      ].join('\n'),
    );
  });

  it('does not let a try around a nested function definition protect the calls inside it', async () => {
    const code = [
      ...HEADER,
      '@app.post("/a")',
      'def a(x: list):',
      '    try:',
      '        def call():',
      '            return model.predict(x)',
      '    except Exception:',
      '        return None',
      '    return call()',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code)).map((f) => f.at),
      ['8:20'],
    );
  });

  it('fixes by wrapping the statement in try/except that logs and returns a marked fallback', async () => {
    const fixed = await assertFixed(
      RULE,
      [
        ...HEADER,
        '',
        '@app.post("/predict")',
        'def predict(x: list):',
        '    y = model.predict(x)  # score',
        '    return {"y": y}',
        '',
      ].join('\n'),
    );
    assert.equal(
      fixed,
      [
        // The shared import insertion puts the standard library's section first (isort/ruff).
        'import logging',
        '',
        'import requests',
        'from fastapi import FastAPI',
        'logger = logging.getLogger(__name__)',
        'app = FastAPI()',
        '',
        '@app.post("/predict")',
        'def predict(x: list):',
        '    try:',
        '        y = model.predict(x)  # score',
        '    except Exception:',
        '        logger.exception("model.predict() failed; returning a fallback")',
        '        return {"fallback": True, "error": "model unavailable"}',
        '    return {"y": y}',
        '',
      ].join('\n'),
    );
  });

  it('fixes multi-line calls with tabs and CRLF, using the module logger', async () => {
    const fixed = await assertFixed(
      RULE,
      [
        'import logging',
        'import requests',
        'from flask import Flask',
        'log = logging.getLogger("svc")',
        'app = Flask(__name__)',
        '@app.route("/p", methods=["POST"])',
        'def p():',
        '\tif True:',
        '\t\treturn requests.post(',
        '\t\t\t"http://m",',
        '\t\t\ttimeout=3,',
        '\t\t).json()',
        '',
      ].join('\r\n'),
    );
    assert.equal(
      fixed,
      [
        'import logging',
        'import requests',
        'from flask import Flask',
        'log = logging.getLogger("svc")',
        'app = Flask(__name__)',
        '@app.route("/p", methods=["POST"])',
        'def p():',
        '\tif True:',
        '\t\ttry:',
        '\t\t\treturn requests.post(',
        '\t\t\t\t"http://m",',
        '\t\t\t\ttimeout=3,',
        '\t\t\t).json()',
        '\t\texcept Exception:',
        '\t\t\tlog.exception("requests.post() failed; returning a fallback")',
        '\t\t\treturn {"fallback": True, "error": "upstream service unavailable"}',
        '',
      ].join('\r\n'),
    );
  });

  it('offers no fix where wrapping the statement would not be valid or meaningful', async () => {
    const code = [
      ...HEADER,
      '@app.post("/a")',
      'def a(x: list):',
      '    if model.predict(x): return 1',
      '    y = 1; z = model.predict(x)',
      '    for row in model.predict(x):',
      '        yield row',
      '',
    ].join('\n');
    const found = await findings(RULE, code);
    assert.equal(found.length, 3);
    assert.ok(found.every((f) => f.fix === undefined));
  });
});
