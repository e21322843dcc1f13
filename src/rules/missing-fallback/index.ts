import { defineRule } from '../define';
import { python } from './python';
import { typescript } from './typescript';

export const rule = defineRule({
  id: 'missing-fallback',
  languages: ['py', 'ts/js'],
  category: 'resilience',
  severity: 'warning',
  fixable: true,
  summary: "Calls to models and remote services in serving code need error handling that logs and answers with the framework's own error.",
  scope: 'production',
  docs: {
    why: "Model servers, feature services and LLM APIs fail: they restart, throttle, time out. A request handler that calls one with no error handling turns every such blip into a generic 500 (or, in an async Express 4 handler, a request left hanging) that says nothing about which dependency failed. Production handlers catch the failure, log it, and answer with the framework's own 503, which clients and load balancers know to retry.",
    flags:
      "In serving code (routes, model-server methods, Ray Serve deployments, Lambda handlers), a call that reaches a model or a remote service with no enclosing `try` that catches it (py: `except` clause; ts: `try/catch` or a `.catch(` on the promise) and no retry decorator (`tenacity.retry`, `backoff.on_exception`). Python model calls: `.predict(`, `.predict_proba(`, `.generate(`, `.invoke_endpoint(`, `.infer(` (Triton) on any receiver but the handler's own `self`, `.chat.completions.create(`, `.messages.create(`, openai 0.x `openai.ChatCompletion.create`/`openai.Completion.create`, `.invoke(`/`.ainvoke(` on a LangChain `ChatOpenAI`/`AzureChatOpenAI`/`ChatAnthropic`, and `.run(` when the receiver is an `onnxruntime.InferenceSession`; remote calls: the request-making calls of `missing-timeout` (requests functions and sessions, httpx, aiohttp session methods, `urllib.request.urlopen`). TypeScript/JavaScript adds `.invoke(` on `@langchain/openai`/`@langchain/anthropic` chat models. A `try` counts only for code in its body: a call inside an `except`, `else` or `finally` clause is not protected by that `try`, and a `try` outside the function that makes the call does not protect it.",
    doesNotFlag:
      'Calls outside serving code (training scripts, startup hooks such as `__init__`, `load`, `initialize` or a lifespan); calls inside a `try` one of whose handlers does something other than re-raise the same exception (returns a fallback, logs and raises a different error such as `HTTPException(503)`, retries); functions decorated with a retry decorator; `.invoke(` on anything but those chat models (chains, boto3 Lambda clients). A `try` whose handler only re-raises — or logs and then re-raises the same exception — does not count, except in KServe, TorchServe, Seldon, MLServer, BentoML and Ray Serve methods: there the server turns the exception into its own error response, so logging and re-raising is handling.',
    fix: 'The framework\'s own error response, never a 200 with another body; the handler logs with the module\'s logger (loguru or structlog when the module uses them; `import logging` and `logger = logging.getLogger(__name__)` are added when it has none). FastAPI/Starlette: `except Exception as exc:` then `raise HTTPException(status_code=503, detail=...) from exc`, importing `HTTPException` from the module the app already imports from (added to its `from fastapi import ...` line, in isort order). Flask/Quart: `abort(503)`. aiohttp: `raise web.HTTPServiceUnavailable() from exc`. BentoML: `raise bentoml.exceptions.ServiceUnavailable(...) from exc`. KServe, TorchServe, Seldon, MLServer, Ray Serve: log and re-raise. Lambda: `return {"statusCode": 503, ...}`, only in handlers that answer HTTP (they read `event["body"]` or return a `statusCode`; returning from a queue handler would mark its events processed). Express, Fastify, Koa, Hono, Next.js: `try`/`catch` that logs and answers 503 in the framework\'s idiom (`res.status(503).json(...)`, `reply.code(503).send(...)`, `c.json(..., 503)`, `Response.json(..., { status: 503 })`). Offered only where the call\'s statement is a simple statement on lines of its own and the framework is known. The fix is unsafe (it changes what the handler answers): the editor offers it as a quick fix, `--fix` never applies it.',
    bad: '@app.post("/score")\ndef score(req: ScoreRequest):\n    proba = model.predict_proba([req.features])[0][1]\n    return {"score": proba}\n',
    good: '@app.post("/score")\ndef score(req: ScoreRequest):\n    try:\n        proba = model.predict_proba([req.features])[0][1]\n    except Exception as exc:\n        logger.exception("model.predict_proba() failed")\n        raise HTTPException(status_code=503, detail="model unavailable") from exc\n    return {"score": proba}\n',
  },
  implementations: { python, typescript },
});
