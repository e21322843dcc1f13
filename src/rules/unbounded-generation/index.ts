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
      "In serving code: `.generate(` without `max_new_tokens`/`max_length`; LLM chat/completion calls without `max_tokens`/`max_completion_tokens`; tokenizer calls on request data without `truncation=True`. Python: `.generate(` on a receiver that is plausibly a Hugging Face model (resolved to `transformers`/`peft`/`optimum` or a `from_pretrained` result, or unresolved and named like one: `model`, `self.model`, `self.llm`, `t5`); `.chat.completions.create(` on any receiver, `.completions.create(` and `.responses.create(` (which takes `max_output_tokens`) in modules using `openai`, `.messages.create(` in modules using `anthropic`, the legacy openai 0.x `openai.ChatCompletion.create`/`openai.Completion.create` (and `acreate`), `litellm.completion`; a `transformers` tokenizer (or an unresolved `tokenizer`) called, or its `encode`/`encode_plus`/`batch_encode_plus`, on text built from the handler's parameters or locals, without `truncation` or with `truncation=False`. Anywhere in production code, module scope included (every call through them is unbounded, so the constructor is the finding): LangChain `ChatOpenAI`/`AzureChatOpenAI`/`ChatAnthropic` built without `max_tokens` (py) / `maxTokens` (ts, `new ChatOpenAI({...})`). ChatAnthropic always sends a cap, the package's default (1,024 in langchain-anthropic, 2,048 in @langchain/anthropic): the finding asks for one chosen for the service.",
    doesNotFlag:
      "Calls passing `**kwargs`. Python also leaves alone `.generate(` given a `generation_config` (keyword or second positional argument), receivers resolved to other libraries (vLLM's `LLM.generate` defaults to 16 tokens), `.messages.create(` in modules that do not use `anthropic` (Twilio's SMS API has the same name), tokenizer calls given `max_length` or a `truncation` setting other than `False`, or applied to literals, LangChain models given `max_tokens` under any of its names (`max_completion_tokens`, `max_tokens_to_sample`) or a `model_kwargs` that sets it or that the analyser cannot see into, and everything outside serving code except those constructors. TypeScript/JavaScript leaves alone options it cannot see into (a variable, a spread, `modelKwargs`/`invocationKwargs`).",
    fix: 'Add `max_new_tokens=256` / `max_tokens=256` (`max_output_tokens=256` for the Responses API; `maxTokens: 256` on LangChain JS models) / `truncation=True, max_length=512` as keyword arguments; tune the numbers to your use case. The fix is safe: `--fix` and fix-on-save apply it.',
    bad: 'from langchain_openai import ChatOpenAI\n\nllm = ChatOpenAI(model="gpt-4o", timeout=60)\n\n@app.post("/generate")\ndef generate(req: Prompt):\n    inputs = tokenizer(req.text, return_tensors="pt")\n    out = model.generate(inputs.input_ids)\n    return {"text": tokenizer.decode(out[0])}\n',
    good: 'from langchain_openai import ChatOpenAI\n\nllm = ChatOpenAI(model="gpt-4o", timeout=60, max_tokens=512)\n\n@app.post("/generate")\ndef generate(req: Prompt):\n    inputs = tokenizer(req.text, return_tensors="pt", truncation=True, max_length=512)\n    out = model.generate(inputs.input_ids, max_new_tokens=256)\n    return {"text": tokenizer.decode(out[0])}\n',
  },
  implementations: { python, typescript },
});
