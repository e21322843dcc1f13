import type { RuleMeta } from '../../core/types';

export const meta: RuleMeta = {
  id: 'unbounded-generation',
  languages: ['py', 'ts/js'],
  category: 'latency-cost',
  severity: 'warning',
  fixable: true,
  summary: 'Bound generation length and input truncation in serving code.',
  docs: {
    why: "Generation without a token limit lets one request run until the model's maximum context, holding a GPU (or a paid API) for seconds to minutes and blowing latency and cost budgets. Tokenizing request text without truncation lets a single long input exhaust memory.",
    flags:
      'in serving code, `.generate(` without `max_new_tokens`/`max_length`; LLM chat/completion calls without `max_tokens`/`max_completion_tokens`; tokenizer calls on request data without `truncation=True`.',
    doesNotFlag: 'calls passing `**kwargs`.',
    fix: 'add `max_new_tokens=256` / `max_tokens=256` / `truncation=True, max_length=512`.',
  },
};
