import { defineRule } from '../define';
import { python } from './python';
import { typescript } from './typescript';

export const rule = defineRule({
  id: 'unbounded-retry',
  languages: ['py', 'ts/js'],
  category: 'resilience',
  severity: 'warning',
  fixable: true,
  summary: 'Retries and polling loops must give up: an attempt limit or a deadline.',
  scope: 'production',
  docs: {
    why: "tenacity's `@retry` and backoff's decorators retry forever unless told otherwise, and a `while True:` loop that polls an LLM run or a model server until it reports success has no end when the upstream is stuck. In a request handler that means a request that never returns and a worker that never frees up: a partial outage upstream becomes a full one here, as every worker ends up waiting in a retry loop.",
    flags:
      'Python: tenacity `@retry` (bare or called) and `Retrying(...)`/`AsyncRetrying(...)` without `stop=`; backoff `@backoff.on_exception`/`@backoff.on_predicate` with neither `max_tries` nor `max_time` — on the decorator name or the callee. Python and TypeScript/JavaScript, in serving code: a `while True:` / `while 1:` / `while not done:` / `while run.status != "completed":` loop (ts: `while (true)`, `for (;;)`, `while (!done)`, `do … while (true)`) whose body calls a remote service or a model (the HTTP clients of `missing-timeout`, OpenAI/Anthropic clients, LangChain `.invoke(`, `.chat.completions.create(`, `.runs.retrieve(`, `.predict(`, `.generate(`, `.infer(`, `invoke_endpoint`) and has no exit (`break`/`return`/`raise`/`throw`) under a condition on a counter, an attempt number or a clock (`time.monotonic()`, `time.time()`, `Date.now()`, `performance.now()`) — on the `while` keyword.',
    doesNotFlag:
      'Retries with a stop condition (`stop=stop_after_attempt(3)`, `stop=stop_after_delay(30)`, `max_tries=`, `max_time=`); decorators passing `**kwargs`; loops bounded by `for … in range(n)`, by a counter or deadline in their condition (`while attempts < 5`, `while time.monotonic() < deadline`) or by an exit under one (`if attempt >= 5: raise`); loops that call nothing remote; loops outside serving code.',
    fix: 'tenacity: add `stop=stop_after_attempt(5)`, importing `stop_after_attempt` from tenacity when it is not bound; backoff: add `max_tries=5`. Both are safe (applied by `--fix`). Loops: none automatic — count attempts or compare `time.monotonic()` with a deadline and give up with an error the caller can handle.',
    bad: 'import time\nfrom openai import OpenAI\nfrom tenacity import retry, wait_exponential\n\nclient = OpenAI(timeout=30)\n\n\n@retry(wait=wait_exponential())\ndef fetch_features(user_id):\n    ...\n\n\n@app.post("/answer")\ndef answer(thread_id: str, run_id: str):\n    while True:\n        run = client.beta.threads.runs.retrieve(run_id, thread_id=thread_id)\n        if run.status == "completed":\n            return run\n        time.sleep(1)\n',
    good: 'import time\nfrom openai import OpenAI\nfrom tenacity import retry, stop_after_attempt, wait_exponential\n\nclient = OpenAI(timeout=30)\n\n\n@retry(wait=wait_exponential(), stop=stop_after_attempt(5))\ndef fetch_features(user_id):\n    ...\n\n\n@app.post("/answer")\ndef answer(thread_id: str, run_id: str):\n    deadline = time.monotonic() + 60\n    while True:\n        run = client.beta.threads.runs.retrieve(run_id, thread_id=thread_id)\n        if run.status == "completed":\n            return run\n        if time.monotonic() > deadline:\n            raise TimeoutError(f"run {run_id} still {run.status} after 60 s")\n        time.sleep(1)\n',
  },
  implementations: { python, typescript },
});
