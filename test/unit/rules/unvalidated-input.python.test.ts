import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertClean, findings, located } from '../helpers';

const RULE = 'unvalidated-input';

describe('unvalidated-input (python)', () => {
  it('flags Flask request.json / get_json() indexed in a route, directly or through a variable', async () => {
    const code = [
      'import json',
      'from flask import Flask, request',
      'app = Flask(__name__)',
      '@app.route("/predict", methods=["POST"])',
      'def predict():',
      '    text = request.json["text"]',
      '    n = request.get_json(force=True)["n"]',
      '    data = request.get_json()',
      '    req = request.json',
      '    parsed = json.loads(req["data"])',
      '    return {"y": data["features"], "p": parsed}',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code), [
      { at: '6:12', text: 'request.json["text"]' },
      { at: '7:9', text: 'request.get_json(force=True)["n"]' },
      { at: '10:25', text: 'req["data"]' },
      { at: '11:18', text: 'data["features"]' },
    ]);
  });

  it('flags FastAPI dict/Any body parameters on the parameter, and Request bodies on the access', async () => {
    const code = [
      'from typing import Any, Dict, Optional',
      'from fastapi import FastAPI, Request',
      'app = FastAPI()',
      '@app.post("/a")',
      'def a(payload: dict):',
      '    return payload["x"] + payload["y"]',
      '@app.post("/b")',
      'async def b(body: Dict[str, Any]):',
      '    return body["x"]',
      '@app.post("/o")',
      'def o(extra: Optional[dict] = None):',
      '    return extra["k"]',
      '@app.post("/c")',
      'async def c(request: Request):',
      '    x = (await request.json())["x"]',
      '    body = await request.json()',
      '    return body["y"]',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code), [
      { at: '5:7', text: 'payload: dict' },
      { at: '8:13', text: 'body: Dict[str, Any]' },
      { at: '11:7', text: 'extra: Optional[dict] = None' },
      { at: '15:9', text: '(await request.json())["x"]' },
      { at: '17:12', text: 'body["y"]' },
    ]);
  });

  it('flags Lambda json.loads(event["body"]) indexed', async () => {
    const code = 'import json\ndef lambda_handler(event, context):\n    return json.loads(event["body"])["inputs"]\n';
    assert.deepEqual(await located(RULE, code), [{ at: '3:12', text: 'json.loads(event["body"])["inputs"]' }]);
    // The body string in a variable first, decoded in a second step (seen in real Lambda handlers).
    const twoSteps =
      'import json\ndef lambda_handler(event, context):\n    body = event["body"]\n    body = json.loads(body)\n    return body["sentence"]\n';
    assert.deepEqual(await located(RULE, twoSteps), [{ at: '5:12', text: 'body["sentence"]' }]);
    const viaGet = 'import json\ndef handler(event, context):\n    body = json.loads(event.get("body", "{}"))\n    return body["inputs"]\n';
    assert.deepEqual(await located(RULE, viaGet), [{ at: '4:12', text: 'body["inputs"]' }]);
  });

  it('leaves validated payloads, pydantic bodies, non-body parameters and non-serving code alone', async () => {
    const code = [
      'from typing import Any',
      'from fastapi import FastAPI, Depends, Query',
      'from flask import Flask, request',
      'from pydantic import BaseModel',
      'class Item(BaseModel):',
      '    x: int',
      'app = FastAPI()',
      'web = Flask(__name__)',
      '@app.post("/a")',
      'def a(item: Item, opts: dict = Depends(lambda: {}), q: Any = Query(None)):',
      '    return item.x, opts["k"], q["z"]',
      '@app.post("/b")',
      'def b(payload: dict):',
      '    item = Item(**payload)',
      '    return payload["x"]',
      '@web.post("/c")',
      'def c():',
      '    data = request.get_json()',
      '    if "x" not in data:',
      '        return {"error": "x required"}, 400',
      '    return data["x"]',
      '@web.post("/d")',
      'def d():',
      '    data = Item.model_validate(request.get_json())',
      '    return data.x',
      'def helper():',
      '    return request.json["x"]',
      '',
    ].join('\n');
    await assertClean(RULE, code);
  });

  it('offers no fix', async () => {
    const found = await findings(
      RULE,
      'from flask import Flask, request\napp = Flask(__name__)\n@app.post("/")\ndef r():\n    return request.json["a"]\n',
    );
    assert.equal(found.length, 1);
    assert.equal(found[0].fix, undefined);
    assert.match(found[0].message, /pydantic/);
  });
});
