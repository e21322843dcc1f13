import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertClean, assertFixedWithoutNewFindings, findings, located } from '../helpers';

const RULE = 'unsafe-deserialization';

describe('unsafe-deserialization (python)', () => {
  it('flags torch.load without weights_only=True and with weights_only=False, on the callee', async () => {
    const code = [
      'import torch',
      'from torch import load',
      'model = torch.load("model.pt", map_location="cpu")',
      'other = load("other.pt", weights_only=False)',
      'safe = torch.load("w.pt", weights_only=True)',
      'chosen = torch.load("w.pt", weights_only=FULL)',
      'passed = torch.load("w.pt", **options)',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code), [
      { at: '3:9', text: 'torch.load("model.pt", map_location="cpu")' },
      { at: '4:9', text: 'load("other.pt", weights_only=False)' },
    ]);
    const [first] = await findings(RULE, code);
    assert.match(first.message, /^torch\.load\(\) without weights_only=True unpickles arbitrary objects/);
    assert.equal(first.severity, 'error');
    assert.equal(first.category, 'configuration');
    assert.equal(first.fix?.safe, false);
  });

  it('fixes torch.load by adding or setting weights_only=True', async () => {
    const code = ['import torch', 'a = torch.load("a.pt")', 'b = torch.load(', '    "b.pt",', '    weights_only=False,', ')', ''].join(
      '\n',
    );
    const fixed = await assertFixedWithoutNewFindings(RULE, code);
    assert.match(fixed, /torch\.load\("a\.pt", weights_only=True\)/);
    assert.match(fixed, / {4}weights_only=True,/);
  });

  it('flags trust_remote_code=True without a pinned revision', async () => {
    const code = [
      'from transformers import AutoModelForCausalLM, pipeline',
      'm = AutoModelForCausalLM.from_pretrained("org/model", trust_remote_code=True)',
      'p = pipeline("text-generation", model="org/model", trust_remote_code=True, revision="main")',
      'pinned = AutoModelForCausalLM.from_pretrained("org/model", trust_remote_code=True, revision="9f1c2ab")',
      'local = AutoModelForCausalLM.from_pretrained("./weights", trust_remote_code=True)',
      'plain = AutoModelForCausalLM.from_pretrained("org/model")',
      'kw = AutoModelForCausalLM.from_pretrained("org/model", trust_remote_code=True, **opts)',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code)).map((f) => f.at),
      ['2:5', '3:5'],
    );
    const [first] = await findings(RULE, code);
    assert.match(
      first.message,
      /^AutoModelForCausalLM\.from_pretrained\(\) runs the model repository's Python .* pin revision="<commit sha>"$/,
    );
  });

  it('flags pickle, joblib, dill and numpy loads of request data, through decoding and local variables', async () => {
    const code = [
      'import base64, io, pickle, joblib, dill',
      'import numpy as np',
      'from flask import Flask, request',
      'from fastapi import FastAPI, UploadFile, Request',
      'app = FastAPI()',
      'web = Flask(__name__)',
      '@web.post("/flask")',
      'def flask_view():',
      '    return pickle.loads(request.data)',
      '@app.post("/upload")',
      'async def upload(file: UploadFile):',
      '    raw = await file.read()',
      '    return joblib.load(io.BytesIO(raw))',
      '@app.post("/b64")',
      'async def b64(payload: dict):',
      '    blob = base64.b64decode(payload["model"])',
      '    return dill.loads(blob)',
      '@app.post("/np")',
      'async def arrays(request: Request):',
      '    return np.load(io.BytesIO(await request.body()), allow_pickle=True)',
      'def lambda_handler(event, context):',
      '    return pickle.loads(base64.b64decode(event["body"]))',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code)).map((f) => f.at),
      ['9:12', '13:12', '17:12', '20:12', '22:12'],
    );
    const messages = (await findings(RULE, code)).map((f) => f.message);
    assert.equal(
      messages[0],
      'pickle.loads() of request data runs whatever code the client packed into it: accept a data format (JSON, safetensors, numpy without pickles) instead',
    );
    assert.match(messages[3], /^numpy\.load\(\) of request data with allow_pickle=True/);
  });

  it('does not flag loads of files, at startup or in handlers, nor numpy without allow_pickle', async () => {
    await assertClean(
      RULE,
      [
        'import pickle, joblib, io',
        'import numpy as np',
        'from fastapi import FastAPI, UploadFile, Request',
        'app = FastAPI()',
        'with open("model.pkl", "rb") as f:',
        '    model = pickle.load(f)',
        'scaler = joblib.load("scaler.joblib")',
        '@app.post("/predict")',
        'async def predict(file: UploadFile, request: Request):',
        '    encoder = joblib.load(MODEL_DIR / "encoder.joblib")',
        '    cached = pickle.loads(request.app.state.blob)',
        '    arr = np.load(io.BytesIO(await file.read()))',
        '    return model.predict(arr)',
        'def load_artifact(path):',
        '    return pickle.load(open(path, "rb"))',
        '',
      ].join('\n'),
    );
  });
});
