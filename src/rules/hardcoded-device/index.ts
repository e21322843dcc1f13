import { defineRule } from '../define';
import { deploymentOf } from '../deploymentOf';
import { python } from './python';

export const rule = defineRule({
  id: 'hardcoded-device',
  languages: ['py'],
  category: 'configuration',
  severity: 'warning',
  fixable: true,
  summary: 'Do not hard-code a GPU device without an availability check.',
  scope: 'production',
  docs: {
    why: '`cuda:0` hard-coded crashes on CPU-only nodes, on Apple silicon, and in CI, and pins every replica to the first GPU. The device should come from an availability check or configuration.',
    flags:
      'Python: `"cuda"`/`"cuda:N"`/`"mps"` passed to `torch.device(`, `.to(`, a `device=` keyword (`pipeline(..., device="cuda")`, `torch.zeros(..., device="cuda")`) or assigned to a `device` variable or attribute; `.cuda()` calls — that no availability check guards.',
    doesNotFlag:
      'Python: a literal or call guarded by `torch.cuda.is_available()` / `torch.backends.mps.is_available()` (or `device_count()`, or a variable holding such a check, or a device compared with `"cuda"`/`"cpu"`, or a configured switch such as `args.gpu`/`use_cuda`): inside a conditional expression or an `if`/`elif` block that tests it, or after a fail-fast `if not …is_available(): raise …` (or `assert …is_available()`) earlier in the same function or at module level (in a notebook, at a cell\'s top level, guarding the cells after it). A check elsewhere in the module — in another function, or a `DEVICE = "cuda" if ... else "cpu"` line — does **not** excuse an unguarded `.to("cuda")`.',
    fix: 'Python: replace the literal with `"cuda" if torch.cuda.is_available() else "cpu"` in place, without extra parentheses (`torch.device("cuda" if torch.cuda.is_available() else "cpu")`); `"cuda:N"` with N > 0 checks `torch.cuda.device_count() > N` (one available GPU says nothing of GPU N), `"mps"` checks `torch.backends.mps.is_available()`. `.cuda()` / `.cuda(N)` becomes `.to(...)` of the same expression. Adds `import torch` if needed (inside a Kubeflow component\'s body, which runs without the module). Safe: applied by `--fix`.',
    bad: 'import torch\n\nmodel = torch.jit.load("model.pt").to("cuda")\n\ndef predict(x):\n    return model(x.cuda())',
    good: 'import torch\n\nDEVICE = torch.device("cuda" if torch.cuda.is_available() else "cpu")\nmodel = torch.jit.load("model.pt").to(DEVICE)\n\ndef predict(x):\n    return model(x.to(DEVICE))',
  },
  implementations: {
    python,
    // R2.1: code whose deployment declares a GPU runs only where one exists.
    limit: (file, finding, model) => !deploymentOf(model)?.gpuDeclared(file, finding.start),
  },
});
