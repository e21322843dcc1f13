import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertClean, assertFixedWithoutNewFindings, findings, located } from '../helpers';

const RULE = 'blocking-call-in-async';

const FASTAPI = ['import time', 'import requests', 'from fastapi import FastAPI', 'app = FastAPI()'];

describe('blocking-call-in-async (python)', () => {
  it('flags sync HTTP, sleep and model inference in an async FastAPI route, on the callee', async () => {
    const code = [
      ...FASTAPI,
      'import onnxruntime as ort',
      'from transformers import pipeline',
      'sess = ort.InferenceSession("m.onnx")',
      'pipe = pipeline("text-classification")',
      '@app.post("/predict")',
      'async def predict(payload: dict):',
      '    await audit(payload)',
      '    features = requests.get("http://features", timeout=2).json()',
      '    time.sleep(0.1)',
      '    score = model.predict_proba([features])',
      '    out = sess.run(None, {"x": features})',
      '    label = pipe(payload["text"])',
      '    return {"score": score}',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code), [
      { at: '12:16', text: 'requests.get("http://features", timeout=2)' },
      { at: '13:5', text: 'time.sleep(0.1)' },
      { at: '14:13', text: 'model.predict_proba([features])' },
      { at: '15:11', text: 'sess.run(None, {"x": features})' },
      { at: '16:13', text: 'pipe(payload["text"])' },
    ]);
    const [first] = await findings(RULE, code);
    assert.equal(
      first.message,
      'requests.get() blocks the event loop in async predict(): while the HTTP request waits for its response, every other request on this worker waits; await an async client, or run it in a thread (asyncio.to_thread)',
    );
    assert.equal(first.severity, 'warning');
    assert.equal(first.category, 'latency-cost');
  });

  it('flags sync LLM clients, LangChain invoke, Triton, Ray Serve, aiohttp and BentoML handlers', async () => {
    const code = [
      'from openai import OpenAI',
      'from langchain_openai import ChatOpenAI',
      'import tritonclient.http as httpclient',
      'from ray import serve',
      'from aiohttp import web',
      'import bentoml',
      'client = OpenAI(timeout=30)',
      'llm = ChatOpenAI(timeout=30, max_tokens=5)',
      'triton = httpclient.InferenceServerClient("t:8000", network_timeout=5)',
      '@serve.deployment',
      'class Chat:',
      '    async def __call__(self, request):',
      '        r = client.chat.completions.create(model="m", messages=[], max_tokens=5)',
      '        return llm.invoke("hi")',
      'routes = web.RouteTableDef()',
      '@routes.post("/infer")',
      'async def infer(request):',
      '    return web.json_response(triton.infer("m", []).as_numpy("y"))',
      '@bentoml.service',
      'class Svc:',
      '    @bentoml.api',
      '    async def generate(self, prompt: str) -> str:',
      '        return self.model.generate(prompt, max_new_tokens=5)',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code)).map((f) => f.at),
      ['13:13', '14:16', '18:30', '23:16'],
    );
  });

  it('does not flag awaited calls, calls handed to threads, async clients or coroutines', async () => {
    const code = [
      ...FASTAPI,
      'import asyncio, functools, httpx',
      'from openai import AsyncOpenAI',
      'from starlette.concurrency import run_in_threadpool',
      'aclient = AsyncOpenAI(timeout=30)',
      'http = httpx.AsyncClient()',
      '@app.post("/predict")',
      'async def predict(payload: dict):',
      '    a = await asyncio.to_thread(requests.get, "http://f", timeout=2)',
      '    loop = asyncio.get_running_loop()',
      '    b = await loop.run_in_executor(None, lambda: model.predict([payload]))',
      '    c = await run_in_threadpool(model.predict, [payload])',
      '    d = await aclient.chat.completions.create(model="m", messages=[], max_tokens=5)',
      '    e = await http.get("http://f")',
      '    f = await asyncio.gather(remote.predict(payload), asyncio.sleep(1))',
      '    def helper():',
      '        return requests.get("http://f", timeout=2)',
      '    g = await asyncio.to_thread(helper)',
      '    h = functools.partial(model.predict, payload)',
      '    stream = engine.generate(payload, params, "id")',
      '    async for out in stream:',
      '        pass',
      '    async for out in engine.generate(payload, params, "id2"):',
      '        pass',
      '    return self_check()',
      '',
    ].join('\n');
    await assertClean(RULE, code);
  });

  it('does not flag sync handlers, Flask views, startup hooks or code outside serving functions', async () => {
    await assertClean(
      RULE,
      [
        ...FASTAPI,
        '@app.post("/predict")',
        'def predict(payload: dict):',
        '    return requests.post("http://m", json=payload, timeout=2).json()',
        '@app.on_event("startup")',
        'async def warm():',
        '    time.sleep(1)',
        'async def helper():',
        '    return model.predict([1])',
        '',
      ].join('\n'),
    );
    await assertClean(
      RULE,
      [
        'import requests',
        'from flask import Flask',
        'app = Flask(__name__)',
        '@app.post("/predict")',
        'async def predict():',
        '    return requests.get("http://m", timeout=2).json()',
        '',
      ].join('\n'),
    );
  });

  it('fixes a route that awaits nothing by dropping async', async () => {
    const code = [
      ...FASTAPI,
      '@app.post("/predict")',
      'async def predict(payload: dict):',
      '    time.sleep(0.1)',
      '    return {"score": model.predict([payload])[0]}',
      '',
    ].join('\n');
    const fixed = await assertFixedWithoutNewFindings(RULE, code);
    assert.match(fixed, /^def predict\(payload: dict\):$/m);
    const [finding] = await findings(RULE, code);
    assert.equal(finding.fix?.safe, false);
  });

  it('fixes a route that awaits with asyncio.to_thread, adding the import and parentheses where needed', async () => {
    const code = [
      ...FASTAPI,
      '@app.post("/predict")',
      'async def predict(payload: dict):',
      '    await audit(payload)',
      '    features = requests.get("http://features", timeout=2).json()',
      '    score = model.predict(',
      '        [features],',
      '    )[0]',
      '    time.sleep(0.1)',
      '    return {"score": score}',
      '',
    ].join('\n');
    const fixed = await assertFixedWithoutNewFindings(RULE, code);
    assert.match(fixed, /^import asyncio$/m);
    assert.match(fixed, /features = \(await asyncio\.to_thread\(requests\.get, "http:\/\/features", timeout=2\)\)\.json\(\)/);
    assert.match(fixed, /score = \(await asyncio\.to_thread\(model\.predict, \[features\],\n {4}\)\)\[0\]/);
    assert.match(fixed, /^ {4}await asyncio\.to_thread\(time\.sleep, 0\.1\)$/m);
  });

  it('uses to_thread, not a sync def, in Ray Serve and when the route has other decorators', async () => {
    const code = [
      'import requests',
      'from ray import serve',
      '@serve.deployment',
      'class Scorer:',
      '    async def __call__(self, request):',
      '        return requests.post("http://m", json={}, timeout=2).json()',
      '',
    ].join('\n');
    const fixed = await assertFixedWithoutNewFindings(RULE, code);
    assert.match(fixed, /return \(await asyncio\.to_thread\(requests\.post, "http:\/\/m", json=\{\}, timeout=2\)\)\.json\(\)/);
    const decorated = [...FASTAPI, '@app.get("/x")', '@limiter.limit("5/minute")', 'async def x(request):', '    time.sleep(1)', ''].join(
      '\n',
    );
    assert.match(await assertFixedWithoutNewFindings(RULE, decorated), /await asyncio\.to_thread\(time\.sleep, 1\)/);
  });
});
