import { defineRule } from '../define';
import { python } from './python';

export const rule = defineRule({
  id: 'blocking-call-in-async',
  languages: ['py'],
  category: 'latency-cost',
  severity: 'warning',
  fixable: true,
  summary: 'Async request handlers must not make blocking calls (sync HTTP, sleep, sync LLM clients, inference).',
  scope: 'production',
  docs: {
    why: 'An `async def` handler runs on the event loop, and the loop runs one thing at a time. A synchronous call inside it — `requests.post`, `time.sleep`, a sync OpenAI client, `model.predict` — holds the loop until it returns, so while one request waits for a slow model or upstream every other request on that worker waits too: latency of all requests becomes the sum of their inference times, health checks time out, and the pod is restarted under load. FastAPI runs plain `def` handlers in a thread pool precisely to avoid this; an `async def` opts out of it.',
    flags:
      'In an `async def` serving function of an event-loop framework — FastAPI/Starlette routes, aiohttp handlers, Ray Serve deployment methods, BentoML APIs — a call that blocks: the HTTP calls of `missing-timeout` on synchronous clients (`requests` and its sessions, `urllib.request.urlopen`, `http.client` connections, `httpx` functions and `httpx.Client`), `time.sleep`, methods of synchronous LLM clients (`OpenAI()`, `AzureOpenAI()`, `Anthropic()`, openai 0.x `ChatCompletion.create`), LangChain `.invoke(`, and model inference: `.predict(`, `.predict_proba(`, `.generate(`, ONNX Runtime `session.run(`, a synchronous `tritonclient` `.infer(`, calling a `transformers.pipeline` or a torch module (`torch.load`, `from_pretrained` models). The finding sits on the callee.',
    doesNotFlag:
      'Calls that are awaited, or handed to a thread (`asyncio.to_thread(f, x)`, `loop.run_in_executor(None, f, x)`, `anyio.to_thread.run_sync(f)`, `run_in_threadpool(f)`: the callee is passed, not called), calls inside a lambda or a nested function, coroutines handed to `asyncio.create_task`/`gather`, async engines (`AsyncLLMEngine.generate` iterated with `async for`), async clients (`AsyncOpenAI`, `httpx.AsyncClient`, aiohttp); sync `def` handlers (the framework runs them in a thread pool); Flask, Quart and Sanic views; code outside serving functions.',
    fix: 'When the function is a FastAPI/Starlette route whose body awaits nothing (no `await`, `async for` or `async with`) and has no decorator but its route: drop `async` (the framework then runs it in its thread pool). Otherwise: `await asyncio.to_thread(<callee>, <args>)`, adding `import asyncio`. Both fixes are offered in the editor only (unsafe): a thread changes what runs concurrently, and a sync handler counts against the thread pool. An async client (`httpx.AsyncClient`, `AsyncOpenAI`) is often the better fix.',
    bad: 'import requests\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.post("/score")\nasync def score(payload: dict):\n    features = await load_features(payload)\n    reply = requests.post("http://model:8080/predict", json=features, timeout=5)\n    return reply.json()\n',
    good: 'import asyncio\n\nimport requests\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.post("/score")\nasync def score(payload: dict):\n    features = await load_features(payload)\n    reply = await asyncio.to_thread(requests.post, "http://model:8080/predict", json=features, timeout=5)\n    return reply.json()\n',
  },
  implementations: { python },
});
