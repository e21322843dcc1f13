import { defineRule } from '../define';
import { python } from './python';

export const rule = defineRule({
  id: 'torch-inference-mode',
  languages: ['py'],
  category: 'latency-cost',
  severity: 'warning',
  fixable: true,
  summary: 'Run PyTorch inference in eval mode under inference_mode/no_grad.',
  scope: 'production',
  docs: {
    why: 'Calling a PyTorch model outside `torch.inference_mode()`/`no_grad()` and without `.eval()` builds the autograd graph on every request (more memory, slower) and keeps dropout and batch-norm in training behaviour, so predictions are random and wrong.',
    flags:
      'Python: a PyTorch `nn.Module` called in serving code (`model(x)`, `self.model(x)`, `model.forward(x)`) when the module neither calls `.eval()` (or `.train(False)`) on a model nor runs the call under `torch.no_grad()`/`torch.inference_mode()` (context or decorator). A model is a name or `self.` attribute bound anywhere in the module to `torch.load`/`torch.jit.load` (or `jit.script`/`jit.trace`), a `transformers`/`peft` `AutoModel*`/`*Model*`/`*For*.from_pretrained`, a `torchvision.models`/`timm.create_model` constructor, a `torch.nn` layer, an instance of a class of this module that subclasses `nn.Module` (directly or through another such class), or anything `.load_state_dict(...)` is called on; `.to(...)`, `.cuda()`, `.half()` keep it a model.',
    doesNotFlag:
      "Python: non-torch modules; `diffusers` and `transformers` pipelines (they run under `no_grad` themselves); tokenizers and processors; `model.generate(...)` (Hugging Face runs it under `no_grad`); parameters and locals that shadow a model's name; models the analyser cannot see bound (a TorchServe handler whose base class loads `self.model` and calls `.eval()`).",
    fix: 'Python: wrap the statement holding the call in `with torch.inference_mode():` (adding `import torch` when needed). Offered where the statement stands on lines of its own; safe (applied by `--fix`). Tensors created under inference mode cannot be modified in place afterwards; use `torch.no_grad()` instead if your post-processing does that.',
    bad: 'import torch\nfrom fastapi import FastAPI\n\napp = FastAPI()\nmodel = torch.jit.load("model.pt")\n\n@app.post("/predict")\ndef predict(req: PredictRequest):\n    return {"y": model(torch.tensor(req.features)).tolist()}\n',
    good: 'import torch\nfrom fastapi import FastAPI\n\napp = FastAPI()\nmodel = torch.jit.load("model.pt").eval()\n\n@app.post("/predict")\ndef predict(req: PredictRequest):\n    with torch.inference_mode():\n        y = model(torch.tensor(req.features))\n    return {"y": y.tolist()}\n',
  },
  implementations: { python },
});
