import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertClean, assertFixed, findings, located } from '../helpers';

const RULE = 'hardcoded-device';

describe('hardcoded-device (python)', () => {
  it('flags device literals passed to torch.device, .to and device=, and .cuda() calls', async () => {
    const code = [
      'import torch',
      'from transformers import pipeline',
      'dev = torch.device("cuda:0")',
      'def predict(model, x):',
      '    model = model.to("cuda")',
      '    x = x.cuda()',
      '    y = torch.zeros(3, device="mps")',
      '    return model(x)',
      'pipe = pipeline("text-generation", device="cuda")',
      'DEVICE = "cuda"',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code), [
      { at: '3:20', text: '"cuda:0"' },
      { at: '5:22', text: '"cuda"' },
      { at: '6:11', text: 'cuda()' },
      { at: '7:31', text: '"mps"' },
      { at: '9:43', text: '"cuda"' },
      { at: '10:10', text: '"cuda"' },
    ]);
  });

  it('leaves literals guarded by a conditional expression, an if block or a variable holding the check', async () => {
    const code = [
      'import torch',
      'device = torch.device("cuda" if torch.cuda.is_available() else "cpu")',
      'use_mps = torch.backends.mps.is_available()',
      'def load(model):',
      '    if torch.cuda.is_available():',
      '        model.cuda()',
      '    elif use_mps:',
      '        model.to("mps")',
      '    if device.type == "cuda":',
      '        model.to("cuda")',
      '    return model',
      'def configured(model, args):',
      '    model.to("cuda" if args.gpu else "cpu")',
      '    if args.use_cuda:',
      '        model.cuda()',
      'x = "cuda"',
      'name = torch.cuda.get_device_name()',
      '',
    ].join('\n');
    await assertClean(RULE, code);
  });

  it('accepts a fail-fast check earlier in the same function or at module level, not elsewhere', async () => {
    const guardedFn = [
      'import torch',
      'def serve(model):',
      '    if not torch.cuda.is_available():',
      '        raise RuntimeError("this service needs a GPU")',
      '    return model.to("cuda")',
      '',
    ].join('\n');
    await assertClean(RULE, guardedFn);
    await assertClean(RULE, 'import torch\nassert torch.cuda.is_available(), "GPU required"\nmodel = torch.nn.Linear(2, 2).cuda()\n');
    const elsewhere = [
      'import torch',
      'def check():',
      '    if not torch.cuda.is_available():',
      '        raise RuntimeError("no GPU")',
      'DEVICE = "cuda" if torch.cuda.is_available() else "cpu"',
      'def serve(model):',
      '    return model.to("cuda")',
      'def late(model):',
      '    model.to("cuda")',
      '    if not torch.cuda.is_available(): raise SystemExit(1)',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, elsewhere), [
      { at: '7:21', text: '"cuda"' },
      { at: '9:14', text: '"cuda"' },
    ]);
  });

  it('fixes literals to a CPU fallback, adding import torch when needed', async () => {
    const code = 'from transformers import pipeline\npipe = pipeline("ner", device="cuda:1")\n';
    const fixed = await assertFixed(RULE, code);
    // `import x` before `from x import y` in a section (isort/ruff); cuda:1 needs a second GPU, not just one.
    assert.equal(
      fixed,
      'import torch\nfrom transformers import pipeline\npipe = pipeline("ner", device="cuda:1" if torch.cuda.device_count() > 1 else "cpu")\n',
    );
    const aliased = await assertFixed(RULE, 'import torch as T\nm = T.nn.Linear(1, 1).to("mps")\n');
    assert.match(aliased, /\.to\("mps" if T\.backends\.mps\.is_available\(\) else "cpu"\)/);
  });

  it('writes no doubled parentheses and keeps the cuda:N index meaning', async () => {
    const code = 'import torch\ndevice = torch.device("cuda:0")\nother = torch.device("cuda:2")\nm = torch.nn.Linear(1, 1).to("cuda")\n';
    assert.equal(
      await assertFixed(RULE, code),
      [
        'import torch',
        'device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")',
        'other = torch.device("cuda:2" if torch.cuda.device_count() > 2 else "cpu")',
        'm = torch.nn.Linear(1, 1).to("cuda" if torch.cuda.is_available() else "cpu")',
        '',
      ].join('\n'),
    );
  });

  it('puts import torch inside a KFP component, whose body runs without the module', async () => {
    const code = [
      'from kfp import dsl',
      '',
      '@dsl.component(base_image="python:3.11")',
      'def train(epochs: int):',
      '    """Train."""',
      '    import json',
      '    model.to("cuda")',
      '',
    ].join('\n');
    const fixed = await assertFixed(RULE, code);
    assert.match(
      fixed,
      /"""Train\."""\n {4}import torch\n {4}import json\n {4}model\.to\("cuda" if torch\.cuda\.is_available\(\) else "cpu"\)/,
    );
    assert.doesNotMatch(fixed, /^import torch/m);
  });

  it('fixes .cuda() with no or an integer argument (safe, as R2.6 lists every hardcoded-device fix)', async () => {
    const found = await findings(RULE, 'import torch\nx = torch.ones(2).cuda(1)\ny = torch.ones(2).cuda(non_blocking=True)\n');
    assert.equal(found.length, 2);
    assert.equal(found[0].fix?.safe, true);
    assert.equal(found[0].fix?.edits[0].text, 'to("cuda:1" if torch.cuda.device_count() > 1 else "cpu")');
    assert.equal(found[1].fix, undefined);
    const fixed = await assertFixed(RULE, 'import torch\nx = torch.ones(2).cuda()\n');
    assert.equal(fixed, 'import torch\nx = torch.ones(2).to("cuda" if torch.cuda.is_available() else "cpu")\n');
  });
});
