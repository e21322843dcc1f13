import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertClean, findings, located } from '../helpers';
import { assertFixedAlone } from './fixSafety';

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
      'requests.get() in predict() has no error handling: when the service fails or times out, the client gets a generic 500 instead of a 503 it can retry',
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

  it("fixes FastAPI routes with the framework's 503: HTTPException imported beside FastAPI, raised from the error", async () => {
    const fixed = await assertFixedAlone(
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
        'from fastapi import FastAPI, HTTPException',
        'logger = logging.getLogger(__name__)',
        'app = FastAPI()',
        '',
        '@app.post("/predict")',
        'def predict(x: list):',
        '    try:',
        '        y = model.predict(x)  # score',
        '    except Exception as exc:',
        '        logger.exception("model.predict() failed")',
        '        raise HTTPException(status_code=503, detail="model unavailable") from exc',
        '    return {"y": y}',
        '',
      ].join('\n'),
    );
  });

  it('fixes Flask routes with abort(503), multi-line calls with tabs and CRLF, using the module logger', async () => {
    const fixed = await assertFixedAlone(
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
        'from flask import Flask, abort',
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
        '\t\t\tlog.exception("requests.post() failed")',
        '\t\t\tabort(503)',
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

  it("flags openai 0.x calls, LangChain chat models' invoke/ainvoke and Triton infer as model calls", async () => {
    const code = [
      'import openai',
      'import tritonclient.grpc as grpcclient',
      'from fastapi import FastAPI',
      'from langchain_openai import ChatOpenAI',
      'from langchain_anthropic import ChatAnthropic',
      'app = FastAPI()',
      'llm = ChatOpenAI(model="gpt-4o", timeout=30, max_tokens=256)',
      'triton = grpcclient.InferenceServerClient("triton:8001")',
      '@app.post("/chat")',
      'async def chat(q: str):',
      '    r = openai.ChatCompletion.create(model="m", messages=[], request_timeout=30, max_tokens=5)',
      '    a = llm.invoke(q)',
      '    b = await ChatAnthropic(model="c", timeout=30).ainvoke(q)',
      '    t = triton.infer("m", [], client_timeout=2)',
      '    return {"a": a}',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code), [
      { at: '11:9', text: 'openai.ChatCompletion.create(model="m", messages=[], request_timeout=30, max_tokens=5)' },
      { at: '12:9', text: 'llm.invoke(q)' },
      { at: '13:15', text: 'ChatAnthropic(model="c", timeout=30).ainvoke(q)' },
      { at: '14:9', text: 'triton.infer("m", [], client_timeout=2)' },
    ]);
  });

  it('leaves invoke on other objects (chains, boto3 Lambda clients) and other create calls alone', async () => {
    await assertClean(
      RULE,
      [
        'import boto3',
        'from fastapi import FastAPI',
        'app = FastAPI()',
        'lam = boto3.client("lambda")',
        '@app.post("/x")',
        'def x(q: str):',
        '    chain.invoke({"q": q})',
        '    lam.invoke(FunctionName="f")',
        '    stripe.Charge.create(amount=1)',
        '    return {}',
        '',
      ].join('\n'),
    );
  });

  it('in KServe, TorchServe, Seldon, MLServer, BentoML and Ray Serve methods, logging and re-raising counts as handling', async () => {
    const handled = (body: string[]) => [
      '        try:',
      ...body,
      '        except Exception:',
      '            logger.exception("predict failed")',
      '            raise',
    ];
    await assertClean(
      RULE,
      [
        'import logging',
        'import bentoml',
        'import kserve',
        'from mlserver import MLModel',
        'from ray import serve',
        'from ts.torch_handler.base_handler import BaseHandler',
        'logger = logging.getLogger(__name__)',
        'class K(kserve.Model):',
        '    def predict(self, payload, headers=None):',
        ...handled(['            return self.model.predict(payload)']),
        'class T(BaseHandler):',
        '    def inference(self, data):',
        ...handled(['            return self.model.predict(data)']),
        'class M(MLModel):',
        '    async def predict(self, payload):',
        ...handled(['            return self.model.predict(payload)']),
        '@serve.deployment',
        'class R:',
        '    async def __call__(self, request):',
        ...handled(['            return self.model.predict(await request.json())']),
        '@bentoml.service',
        'class B:',
        '    @bentoml.api',
        '    def score(self, x: list) -> list:',
        ...handled(['            return self.model.predict(x)']),
        '',
      ].join('\n'),
    );
    // A bare re-raise still adds nothing, and in a FastAPI route log-and-re-raise is still a generic 500.
    const code = [
      'import logging',
      'import kserve',
      'from fastapi import FastAPI',
      'logger = logging.getLogger(__name__)',
      'app = FastAPI()',
      'class K(kserve.Model):',
      '    def predict(self, payload, headers=None):',
      '        try:',
      '            return self.model.predict(payload)',
      '        except Exception:',
      '            raise',
      '@app.post("/p")',
      'def p(x: list):',
      '    try:',
      '        return model.predict(x)',
      '    except Exception:',
      '        logger.exception("failed")',
      '        raise',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code)).map((f) => f.at),
      ['9:20', '15:16'],
    );
  });

  it('fixes model-server methods by logging and re-raising, which the server answers itself', async () => {
    const fixed = await assertFixedAlone(
      RULE,
      [
        'import kserve',
        'from ray import serve',
        'class K(kserve.Model):',
        '    def predict(self, payload, headers=None):',
        '        return self.model.predict(payload["instances"])',
        '@serve.deployment',
        'class R:',
        '    async def __call__(self, request):',
        '        out = self.model.predict(await request.json())',
        '        return out',
        '',
      ].join('\n'),
    );
    assert.equal(
      fixed,
      [
        'import logging',
        '',
        'import kserve',
        'from ray import serve',
        'logger = logging.getLogger(__name__)',
        'class K(kserve.Model):',
        '    def predict(self, payload, headers=None):',
        '        try:',
        '            return self.model.predict(payload["instances"])',
        '        except Exception:',
        '            logger.exception("self.model.predict() failed")',
        '            raise',
        '@serve.deployment',
        'class R:',
        '    async def __call__(self, request):',
        '        try:',
        '            out = self.model.predict(await request.json())',
        '        except Exception:',
        '            logger.exception("self.model.predict() failed")',
        '            raise',
        '        return out',
        '',
      ].join('\n'),
    );
  });

  it('fixes a streaming Ray Serve generator by logging and re-raising; a streaming FastAPI route gets no fix', async () => {
    const fixed = await assertFixedAlone(
      RULE,
      [
        'from ray import serve',
        '@serve.deployment',
        'class Streamer:',
        '    def __call__(self, request):',
        '        tokens = self.model.generate(request.query_params["q"], max_new_tokens=64)',
        '        for token in tokens:',
        '            yield token',
        '',
      ].join('\n'),
    );
    assert.match(
      fixed,
      /        except Exception:\n            logger\.exception\("self\.model\.generate\(\) failed"\)\n            raise\n/,
    );
    const streamed = await findings(
      RULE,
      [...HEADER, '@app.post("/s")', 'def s(x: list):', '    out = model.predict(x)', '    yield out', ''].join('\n'),
    );
    assert.equal(streamed.length, 1);
    assert.equal(streamed[0].fix, undefined, 'the status line of a streamed response has gone out before the call runs');
  });

  it('fixes BentoML APIs with ServiceUnavailable, logging with loguru when the module uses it', async () => {
    const fixed = await assertFixedAlone(
      RULE,
      [
        'import bentoml',
        'from loguru import logger',
        '@bentoml.service',
        'class Summarizer:',
        '    @bentoml.api',
        '    def summarize(self, text: str) -> str:',
        '        return self.pipe.predict(text)',
        '',
      ].join('\n'),
    );
    assert.match(
      fixed,
      /        except Exception as exc:\n            logger\.exception\("self\.pipe\.predict\(\) failed"\)\n            raise bentoml\.exceptions\.ServiceUnavailable\("model unavailable"\) from exc\n/,
    );
    assert.doesNotMatch(fixed, /import logging/);
  });

  it('fixes aiohttp handlers with HTTPServiceUnavailable and Starlette routes with its HTTPException', async () => {
    const aiohttp = await assertFixedAlone(
      RULE,
      [
        'import logging',
        'from aiohttp import web',
        'log = logging.getLogger(__name__)',
        'routes = web.RouteTableDef()',
        '@routes.post("/p")',
        'async def p(request):',
        '    out = model.predict(await request.json())',
        '    return web.json_response(out)',
        '',
      ].join('\n'),
    );
    assert.match(
      aiohttp,
      /    except Exception as exc:\n        log\.exception\("model\.predict\(\) failed"\)\n        raise web\.HTTPServiceUnavailable\(\) from exc\n/,
    );
    const starlette = await assertFixedAlone(
      RULE,
      [
        'import httpx',
        'from starlette.applications import Starlette',
        'from starlette.responses import JSONResponse',
        'app = Starlette()',
        '@app.route("/x")',
        'async def x(request):',
        '    async with httpx.AsyncClient(timeout=2) as client:',
        '        r = await client.get("http://m")',
        '    return JSONResponse(r.json())',
        '',
      ].join('\n'),
    );
    assert.match(starlette, /^from starlette\.exceptions import HTTPException$/m);
    assert.match(starlette, /raise HTTPException\(status_code=503, detail="upstream service unavailable"\) from exc/);
  });

  it('reuses an imported HTTPException or the fastapi module, and picks an exception name the function does not use', async () => {
    const fixed = await assertFixedAlone(
      RULE,
      ['import fastapi', 'app = fastapi.FastAPI()', '@app.post("/p")', 'def p(exc: list):', '    return model.predict(exc)', ''].join('\n'),
    );
    assert.match(
      fixed,
      /    except Exception as error:\n        logger\.exception\("model\.predict\(\) failed"\)\n        raise fastapi\.HTTPException\(status_code=503, detail="model unavailable"\) from error\n/,
    );
    const imported = await assertFixedAlone(
      RULE,
      [
        'import logging',
        'from fastapi import APIRouter, HTTPException as HTTPError',
        'logger = logging.getLogger(__name__)',
        'router = APIRouter()',
        '@router.post("/p")',
        'def p(x: list):',
        '    return model.predict(x)',
        '',
      ].join('\n'),
    );
    assert.match(imported, /raise HTTPError\(status_code=503, detail="model unavailable"\) from exc/);
    assert.match(imported, /^from fastapi import APIRouter, HTTPException as HTTPError$/m);
  });

  it('fixes HTTP-shaped Lambda handlers with a 503 response; leaves event-driven ones and unknown frameworks without a fix', async () => {
    const fixed = await assertFixedAlone(
      RULE,
      [
        'import json',
        'import boto3',
        'runtime = boto3.client("sagemaker-runtime")',
        'def lambda_handler(event, context):',
        '    out = runtime.invoke_endpoint(EndpointName="ep", Body=event["body"])',
        '    return {"statusCode": 200, "body": out["Body"].read()}',
        '',
      ].join('\n'),
    );
    assert.match(fixed, /        return \{"statusCode": 503, "body": json\.dumps\(\{"error": "model unavailable"\}\)\}\n/);
    const queue = await findings(
      RULE,
      [
        'import boto3',
        'runtime = boto3.client("sagemaker-runtime")',
        'def handler(event, context):',
        '    for record in event["Records"]:',
        '        runtime.invoke_endpoint(EndpointName="ep", Body=record["body"])',
        '',
      ].join('\n'),
    );
    assert.equal(queue.length, 1);
    assert.equal(queue[0].fix, undefined, 'returning from an SQS handler would mark the batch processed');
    // A handler serving both API Gateway and direct invocations: only the HTTP branch answers with a statusCode.
    const both = await findings(
      RULE,
      [
        'import json',
        'def lambda_handler(event, context):',
        '    if "resource" in event:',
        '        body = json.loads(event["body"])',
        '        out = model.predict(body["x"])',
        '        return {"statusCode": 200, "body": json.dumps(out)}',
        '    else:',
        '        return model.predict(event["x"])',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      both.map((f) => f.fix !== undefined),
      [true, false],
    );
    const sanic = await findings(
      RULE,
      [
        'from sanic import Sanic',
        'app = Sanic("a")',
        '@app.post("/p")',
        'async def p(request):',
        '    return model.predict(request.json)',
        '',
      ].join('\n'),
    );
    assert.equal(sanic.length, 1);
    assert.equal(sanic[0].fix, undefined);
  });

  it('marks its fix unsafe (editor only: it changes what the handler answers)', async () => {
    const [finding] = await findings(RULE, [...HEADER, '@app.post("/p")', 'def p(x: list):', '    return model.predict(x)', ''].join('\n'));
    assert.equal(finding.fix?.safe, false);
  });
});
