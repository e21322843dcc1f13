import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertClean, findings, located } from '../helpers';

const RULE = 'model-load-per-request';

describe('model-load-per-request (python)', () => {
  it('flags loads inside FastAPI routes, resolved through aliases, on the callee', async () => {
    const code = [
      'import joblib',
      'import torch as T',
      'import onnxruntime as ort',
      'from fastapi import FastAPI',
      'from transformers import AutoTokenizer, pipeline',
      'from tensorflow.keras.models import load_model',
      'app = FastAPI()',
      '@app.post("/predict")',
      'async def predict(payload: dict):',
      '    clf = joblib.load("model.joblib")',
      '    net = T.load("net.pt").eval()',
      '    sess = ort.InferenceSession("m.onnx")',
      '    tok = AutoTokenizer.from_pretrained(',
      '        "bert-base-uncased",',
      '    )',
      '    nlp = pipeline("sentiment-analysis")',
      '    keras_model = load_model("m.h5")',
      '    return {}',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code)).map((f) => f.at),
      ['10:11', '11:11', '12:12', '13:11', '16:11', '17:19'],
    );
    const messages = (await findings(RULE, code)).map((f) => f.message);
    assert.match(messages[0], /^joblib\.load\(\) loads a model on every request to predict\(\)/);
    assert.match(messages[1], /^torch\.load\(\)/);
    assert.match(messages[3], /^AutoTokenizer\.from_pretrained\(\)/);
    assert.match(messages[5], /^tensorflow\.keras\.models\.load_model\(\)/);
  });

  it('flags loads in model-server methods and lambda handlers, and Boosters given a model file', async () => {
    const code = [
      'import pickle, xgboost as xgb',
      'from kserve import Model',
      'class Scorer(Model):',
      '    def load(self):',
      '        self.model = pickle.load(open("m.pkl", "rb"))',
      '    def predict(self, request, headers=None):',
      '        booster = xgb.Booster(model_file="m.json")',
      '        return booster.predict(request)',
      'def lambda_handler(event, context):',
      '    with open("m.pkl", "rb") as f:',
      '        model = pickle.load(f)',
      '    return model.predict(event["x"])',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code)).map((f) => f.at),
      ['7:19', '11:17'],
    );
  });

  it('flags an xgboost Booster and the load_model that fills it, as rules.md lists both', async () => {
    const code = [
      'import xgboost as xgb',
      'from flask import Flask',
      'app = Flask(__name__)',
      '@app.route("/score", methods=["POST"])',
      'def score():',
      '    booster = xgb.Booster()',
      '    booster.load_model("m.json")',
      '    return "ok"',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code), [
      { at: '6:15', text: 'xgb.Booster()' },
      { at: '7:5', text: 'booster.load_model("m.json")' },
    ]);
  });

  it('leaves loads at module scope, in startup hooks, cached and lazily guarded loads, and non-serving code alone', async () => {
    await assertClean(
      RULE,
      [
        'import functools, joblib, torch',
        'from fastapi import FastAPI',
        'from transformers import AutoModel',
        'app = FastAPI()',
        'model = joblib.load("model.joblib")',
        '_models = {}',
        '_net = None',
        '@app.on_event("startup")',
        'def startup():',
        '    global encoder',
        '    encoder = AutoModel.from_pretrained("bert-base-uncased")',
        '@functools.lru_cache(maxsize=1)',
        'def get_model():',
        '    return torch.load("m.pt")',
        '@app.post("/a")',
        'def a(name: str):',
        '    if name not in _models:',
        '        _models[name] = joblib.load(f"{name}.joblib")',
        '    return get_model()',
        '@app.post("/b")',
        'def b():',
        '    global _net',
        '    if _net is None:',
        '        _net = torch.load("net.pt")',
        '    return {}',
        'def train():',
        '    return joblib.load("model.joblib")',
        'class Handler:',
        '    def initialize(self, context):',
        '        self.model = torch.jit.load("m.pt")',
        '',
      ].join('\n'),
    );
  });

  it('leaves a module-defined load_model and payloads decoded with pickle.loads or from BytesIO alone', async () => {
    await assertClean(
      RULE,
      [
        'import io, pickle, torch',
        'from fastapi import FastAPI',
        'app = FastAPI()',
        'def load_model():',
        '    return MODEL',
        '@app.post("/p")',
        'def p(body: bytes):',
        '    features = pickle.loads(body)',
        '    tensor = torch.load(io.BytesIO(body))',
        '    return load_model().predict(features)',
        '',
      ].join('\n'),
    );
  });

  it('offers no fix', async () => {
    const found = await findings(
      RULE,
      'import joblib\nfrom fastapi import FastAPI\napp = FastAPI()\n@app.get("/x")\ndef x():\n    return joblib.load("m")\n',
    );
    assert.equal(found.length, 1);
    assert.equal(found[0].fix, undefined);
  });

  it('follows calls into functions of the module, up to three levels, on the call in serving code (R2.3)', async () => {
    const code = [
      'import joblib',
      'from fastapi import FastAPI',
      'app = FastAPI()',
      'def _read():',
      '    return joblib.load("m.pkl")',
      'def get_model():',
      '    return _read()',
      'def l1():',
      '    return l2()',
      'def l2():',
      '    return l3()',
      'def l3():',
      '    return l4()',
      'def l4():',
      '    return joblib.load("deep.pkl")',
      '@app.post("/p")',
      'def predict(x: float):',
      '    model = get_model()',
      '    deep = l1()',
      '    return model.predict([[x]])',
      '',
    ].join('\n');
    const found = await findings(RULE, code);
    assert.deepEqual(
      found.map((f) => code.slice(f.start, f.end)),
      ['get_model()'],
    );
    assert.match(found[0].message, /get_model\(\) → _read\(\) → joblib\.load\(\)/);
  });

  it('leaves loaders that are cached or guarded by a module-level variable alone', async () => {
    const code = [
      'import functools',
      'import joblib',
      'from fastapi import FastAPI',
      'app = FastAPI()',
      '_model = None',
      '@functools.lru_cache',
      'def cached():',
      '    return joblib.load("m.pkl")',
      'def lazy():',
      '    global _model',
      '    if _model is None:',
      '        _model = joblib.load("m.pkl")',
      '    return _model',
      'def early():',
      '    global _model',
      '    if _model is not None:',
      '        return _model',
      '    _model = joblib.load("m.pkl")',
      '    return _model',
      'def via_cache():',
      '    return cached()',
      '@app.post("/p")',
      'def predict(x: float):',
      '    return [cached(), lazy(), early(), via_cache()]',
      '',
    ].join('\n');
    await assertClean(RULE, code);
  });
});
