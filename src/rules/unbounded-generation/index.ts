import { defineRule } from '../define';
import { python } from './python';
import { typescript } from './typescript';

export const rule = defineRule({
  id: 'unbounded-generation',
  languages: ['py', 'ts/js'],
  category: 'latency-cost',
  severity: 'warning',
  fixable: true,
  summary: 'Bound generation length and input truncation in serving code.',
  scope: 'production',
  docs: {
    why: "Generation without a token limit lets one request run until the model's maximum context, holding a GPU (or a paid API) for seconds to minutes and blowing latency and cost budgets. Tokenizing request text without truncation lets a single long input exhaust memory.",
    flags:
      "In serving code: `.generate(` without `max_new_tokens`/`max_length`; LLM chat/completion calls without `max_tokens`/`max_completion_tokens`; tokenizer calls on request data without `truncation=True`. Python: `.generate(` on a receiver that is plausibly a Hugging Face model (resolved to `transformers`/`peft`/`optimum` or a `from_pretrained` result, or unresolved and named like one: `model`, `self.model`, `self.llm`, `t5`); `.chat.completions.create(` on any receiver, `.completions.create(` and `.responses.create(` (which takes `max_output_tokens`) in modules using `openai`, `.messages.create(` in modules using `anthropic`, the legacy `openai.ChatCompletion.create`/`openai.Completion.create`, `litellm.completion`; a `transformers` tokenizer (or an unresolved `tokenizer`) called, or its `encode`/`encode_plus`/`batch_encode_plus`, on text built from the handler's parameters or locals, without `truncation` or with `truncation=False`.",
    doesNotFlag:
      "Calls passing `**kwargs`. Python also leaves alone `.generate(` given a `generation_config` (keyword or second positional argument), receivers resolved to other libraries (vLLM's `LLM.generate` defaults to 16 tokens), `.messages.create(` in modules that do not use `anthropic` (Twilio's SMS API has the same name), tokenizer calls given `max_length` or a `truncation` setting other than `False`, or applied to literals, and everything outside serving code.",
    fix: 'Add `max_new_tokens=256` / `max_tokens=256` (`max_output_tokens=256` for the Responses API) / `truncation=True, max_length=512` as keyword arguments; tune the numbers to your use case.',
    bad: '@app.post("/generate")\ndef generate(req: Prompt):\n    inputs = tokenizer(req.text, return_tensors="pt")\n    out = model.generate(inputs.input_ids)\n    return {"text": tokenizer.decode(out[0])}\n',
    good: '@app.post("/generate")\ndef generate(req: Prompt):\n    inputs = tokenizer(req.text, return_tensors="pt", truncation=True, max_length=512)\n    out = model.generate(inputs.input_ids, max_new_tokens=256)\n    return {"text": tokenizer.decode(out[0])}\n',
  },
  implementations: { python, typescript },
});
