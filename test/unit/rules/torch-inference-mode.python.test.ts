import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertClean, assertFixed, findings, located } from '../helpers';

const RULE = 'torch-inference-mode';

describe('torch-inference-mode (python)', () => {
  it('flags loaded, pretrained and nn.Module-subclass models called in serving code, on the callee', async () => {
    const code = [
      'import torch',
      'from torch import nn',
      'from fastapi import FastAPI',
      'from transformers import AutoModelForSequenceClassification',
      'class Base(nn.Module):',
      '    pass',
      'class Net(Base):',
      '    def forward(self, x):',
      '        return x',
      'app = FastAPI()',
      'scripted = torch.jit.load("m.pt").to("cpu")',
      'clf = AutoModelForSequenceClassification.from_pretrained("distilbert-base-uncased")',
      'net = Net()',
      '@app.post("/a")',
      'def a(x: list):',
      '    t = torch.tensor(x)',
      '    return scripted(t), clf(input_ids=t).logits, net.forward(t)',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code), [
      { at: '17:12', text: 'scripted(t)' },
      { at: '17:25', text: 'clf(input_ids=t)' },
      { at: '17:50', text: 'net.forward(t)' },
    ]);
    const [first] = await findings(RULE, code);
    assert.match(first.message, /^scripted\(\) runs a PyTorch model in a\(\) outside torch\.inference_mode\(\)\/no_grad\(\)/);
  });

  it('tracks self attributes bound in a startup hook defined after the handler', async () => {
    const code = [
      'import torch',
      'from ts.torch_handler.base_handler import BaseHandler',
      'class Handler(BaseHandler):',
      '    def inference(self, data):',
      '        return self.model(data)',
      '    def initialize(self, context):',
      '        self.model = torch.load("model.pt", map_location="cpu")',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code), [{ at: '5:16', text: 'self.model(data)' }]);
  });

  it('leaves calls under no_grad/inference_mode, decorated handlers, modules calling .eval(), pipelines and non-torch code alone', async () => {
    const header = ['import torch', 'from fastapi import FastAPI', 'app = FastAPI()', 'model = torch.load("m.pt")'];
    await assertClean(
      RULE,
      [
        ...header,
        '@app.post("/a")',
        'def a(x: list):',
        '    with torch.inference_mode():',
        '        y = model(torch.tensor(x))',
        '    with torch.no_grad(), open("log") as f:',
        '        z = model(torch.tensor(x))',
        '    return y',
        '@app.post("/b")',
        '@torch.no_grad()',
        'def b(x: list):',
        '    return model(torch.tensor(x))',
        '',
      ].join('\n'),
    );
    await assertClean(
      RULE,
      [...header, 'model.eval()', '@app.post("/a")', 'def a(x: list):', '    return model(torch.tensor(x))', ''].join('\n'),
    );
    await assertClean(
      RULE,
      [
        'import torch',
        'from fastapi import FastAPI',
        'from transformers import pipeline, AutoTokenizer',
        'from diffusers import StableDiffusionPipeline',
        'app = FastAPI()',
        'nlp = pipeline("sentiment-analysis")',
        'tok = AutoTokenizer.from_pretrained("bert-base-uncased")',
        'pipe = StableDiffusionPipeline.from_pretrained("sd")',
        '@app.post("/a")',
        'def a(text: str):',
        '    return nlp(text), tok(text), pipe(text)',
        'def offline(x):',
        '    return torch.load("m.pt")(x)',
        '',
      ].join('\n'),
    );
    await assertClean(
      RULE,
      'import joblib\nfrom fastapi import FastAPI\napp = FastAPI()\nmodel = joblib.load("m")\n@app.post("/a")\ndef a(x: list):\n    return model(x)\n',
    );
  });

  it('treats whatever load_state_dict is called on as a model, even an imported class', async () => {
    const code = [
      'import torch',
      'from fastapi import FastAPI',
      'from .net import Net',
      'app = FastAPI()',
      'model = Net()',
      'model.load_state_dict(torch.load("weights.pt"))',
      '@app.post("/a")',
      'def a(x: list):',
      '    return model(torch.tensor(x)).tolist()',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code), [{ at: '9:12', text: 'model(torch.tensor(x))' }]);
  });

  it('does not confuse a parameter or a local with the same name for the model', async () => {
    await assertClean(
      RULE,
      [
        'import torch',
        'from fastapi import FastAPI',
        'app = FastAPI()',
        'model = torch.load("m.pt")',
        '@app.post("/a")',
        'def a(model: str):',
        '    return model(1)',
        '@app.post("/b")',
        'def b(x: list):',
        '    model = make_scorer()',
        '    return model(x)',
        '',
      ].join('\n'),
    );
  });

  it('fixes by wrapping the statement in torch.inference_mode(), importing torch when needed', async () => {
    const fixed = await assertFixed(
      RULE,
      [
        'from torch import nn',
        'from fastapi import FastAPI',
        'class Net(nn.Module):',
        '    pass',
        'app = FastAPI()',
        'net = Net()',
        '@app.post("/a")',
        'async def a(x: list):',
        '    logits = net(',
        '        x,',
        '    )',
        '    return logits',
        '',
      ].join('\n'),
    );
    assert.equal(
      fixed,
      [
        // `import x` lines before `from x import y` ones in the third-party section (isort/ruff).
        'import torch',
        'from torch import nn',
        'from fastapi import FastAPI',
        'class Net(nn.Module):',
        '    pass',
        'app = FastAPI()',
        'net = Net()',
        '@app.post("/a")',
        'async def a(x: list):',
        '    with torch.inference_mode():',
        '        logits = net(',
        '            x,',
        '        )',
        '    return logits',
        '',
      ].join('\n'),
    );
  });
});
