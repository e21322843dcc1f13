import type { RuleMeta } from '../../core/types';

export const meta: RuleMeta = {
  id: 'torch-inference-mode',
  languages: ['py'],
  category: 'latency-cost',
  severity: 'warning',
  fixable: true,
  summary: 'Run PyTorch inference in eval mode under inference_mode/no_grad.',
  docs: {
    why: 'Calling a PyTorch model outside `torch.inference_mode()`/`no_grad()` and without `.eval()` builds the autograd graph on every request (more memory, slower) and keeps dropout and batch-norm in training behaviour, so predictions are random and wrong.',
    flags:
      'Python: a PyTorch `nn.Module` (loaded with `torch.load`/`torch.jit.load`, a `transformers` `AutoModel*`/`*Model*.from_pretrained`, or an instance of an `nn.Module` subclass) called in serving code when the module neither calls `.eval()` on a model nor runs the call under `torch.no_grad()`/`torch.inference_mode()` (context or decorator).',
    doesNotFlag: 'Python: non-torch modules; `diffusers` and `transformers` pipelines (they run under `no_grad` themselves).',
    fix: 'Python: wrap the call in `with torch.inference_mode():`.',
  },
};
