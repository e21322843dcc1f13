import type { RuleMeta } from '../../core/types';

export const meta: RuleMeta = {
  id: 'missing-fallback',
  languages: ['py', 'ts/js'],
  category: 'resilience',
  severity: 'warning',
  fixable: true,
  summary: 'Calls to models and remote services in serving code need error handling with a fallback.',
  docs: {
    why: 'Model servers, feature services and LLM APIs fail: they restart, throttle, time out. A request handler that calls one with no error handling turns every such blip into a 500 for the user. Production handlers catch the failure, log it, and answer with a marked fallback (a cached score, a rule-based decision, a 503 the client can retry).',
    flags:
      'in serving code, a call that reaches a model or a remote service \u2014 `.predict(`, `.predict_proba(`, `.generate(`, `.invoke_endpoint(`, `.chat.completions.create(`, `.messages.create(`, `.infer(` (Triton), `session.run(` (ONNX Runtime), and the HTTP calls of `missing-timeout` \u2014 with no enclosing `try` that catches it (py: `except` clause; ts: `try/catch` or a `.catch(` on the promise) and no retry decorator (`tenacity.retry`, `backoff.on_exception`).',
    doesNotFlag: 'calls outside serving code; a `try` whose handler only re-raises does not count as a fallback.',
    fix: 'wrap the statement in `try`/`except Exception` (ts: `try`/`catch`) that logs the error and returns a marked fallback; the inserted code must be valid and indented like its surroundings.',
  },
};
