import { defineRule } from '../define';
import { python } from './python';
import { typescript } from './typescript';

export const rule = defineRule({
  id: 'missing-fallback',
  languages: ['py', 'ts/js'],
  category: 'resilience',
  severity: 'warning',
  fixable: true,
  summary: 'Calls to models and remote services in serving code need error handling with a fallback.',
  scope: 'production',
  docs: {
    why: 'Model servers, feature services and LLM APIs fail: they restart, throttle, time out. A request handler that calls one with no error handling turns every such blip into a 500 for the user. Production handlers catch the failure, log it, and answer with a marked fallback (a cached score, a rule-based decision, a 503 the client can retry).',
    flags:
      "In serving code (routes, model-server methods, Ray Serve deployments, Lambda handlers), a call that reaches a model or a remote service with no enclosing `try` that catches it (py: `except` clause; ts: `try/catch` or a `.catch(` on the promise) and no retry decorator (`tenacity.retry`, `backoff.on_exception`). Python model calls: `.predict(`, `.predict_proba(`, `.generate(`, `.invoke_endpoint(`, `.infer(` (Triton) on any receiver but the handler's own `self`, `.chat.completions.create(`, `.messages.create(`, and `.run(` when the receiver is an `onnxruntime.InferenceSession`; remote calls: the request-making calls of `missing-timeout` (requests functions and sessions, httpx, aiohttp session methods, `urllib.request.urlopen`). A `try` counts only for code in its body: a call inside an `except`, `else` or `finally` clause is not protected by that `try`, and a `try` outside the function that makes the call does not protect it.",
    doesNotFlag:
      'Calls outside serving code (training scripts, startup hooks such as `__init__`, `load`, `initialize` or a lifespan); calls inside a `try` one of whose handlers does something other than re-raise the same exception (returns a fallback, logs and raises a different error such as `HTTPException(503)`, retries); functions decorated with a retry decorator. A `try` whose handler only re-raises — or logs and then re-raises the same exception — does not count as a fallback.',
    fix: 'Python: wrap the statement in `try`/`except Exception` that logs with the module\'s logger (adding `import logging` and `logger = logging.getLogger(__name__)` when the module has none) and returns `{"fallback": True, "error": "model unavailable"}`, indented like its surroundings. Offered only where the call\'s statement is a simple statement on lines of its own inside a function that is not a generator; review the fallback value, it is a placeholder for your own. TypeScript/JavaScript: wrap the statement in `try`/`catch` that logs the error and answers with a marked fallback.',
    bad: '@app.post("/score")\ndef score(req: ScoreRequest):\n    proba = model.predict_proba([req.features])[0][1]\n    return {"score": proba}\n',
    good: '@app.post("/score")\ndef score(req: ScoreRequest):\n    try:\n        proba = model.predict_proba([req.features])[0][1]\n    except Exception:\n        logger.exception("model.predict_proba() failed; returning a fallback")\n        return {"score": None, "fallback": True}\n    return {"score": proba}\n',
  },
  implementations: { python, typescript },
});
