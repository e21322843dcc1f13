import type { RuleMeta } from '../../core/types';

export const meta: RuleMeta = {
  id: 'hardcoded-device',
  languages: ['py'],
  category: 'configuration',
  severity: 'warning',
  fixable: true,
  summary: 'Do not hard-code a GPU device without an availability check.',
  docs: {
    why: '`cuda:0` hard-coded crashes on CPU-only nodes, on Apple silicon, and in CI, and pins every replica to the first GPU. The device should come from an availability check or configuration.',
    flags:
      'Python: `"cuda"`/`"cuda:N"`/`"mps"` passed to `torch.device(`, `.to(`, or a `device=` keyword; `.cuda()` calls \u2014 that no availability check guards.',
    doesNotFlag:
      'Python: a literal or call guarded by `torch.cuda.is_available()` / `torch.backends.mps.is_available()`: inside a conditional expression or `if` block that tests it, or after a fail-fast `if not \u2026is_available(): raise \u2026` in the same function or at module level. A check elsewhere in the module does **not** excuse an unguarded `.to("cuda")`.',
    fix: 'Python: replace the literal with `("cuda" if torch.cuda.is_available() else "cpu")`.',
  },
};
