import type { Node } from '@vscode/tree-sitter-wasm';
import { calleeOf, callSpan, decoratedWith, qualifyCallee, wrappableStatement, wrapStatement } from '../../parsers/python/edits';
import { loggerEdits } from '../../parsers/python/logging';
import type { PythonRuleImplementation, PythonRuleContext } from '../../parsers/python/rule';
import { REQUEST_CALL_NAMES, timeoutApi, usesNetworkLibrary } from '../missing-timeout/python';

/**
 * missing-fallback: in serving code, a call that reaches a model or a remote service with nothing to
 * catch its failure. Model calls are recognised by their method (`.predict(`, `.generate(`,
 * `.chat.completions.create(`, ...) on any receiver except the handler's own `self`; ONNX Runtime's
 * `.run(` only on an `onnxruntime.InferenceSession`; remote calls are the request-making calls of
 * missing-timeout (requests, httpx, aiohttp, urllib). A call is protected by a `try` whose body holds
 * it and one of whose handlers does something other than re-raise the same exception, or by a retry
 * decorator on the function. Code in an `except`/`else`/`finally` clause is not protected by its own
 * `try`, and a `try` outside the function that defines a call does not protect it.
 */

const MODEL_METHODS = new Set(['predict', 'predict_proba', 'generate', 'invoke_endpoint', 'infer']);
const CANDIDATE_NAMES = new Set([...MODEL_METHODS, ...REQUEST_CALL_NAMES, 'create', 'run']);
const OWN_RECEIVERS = /^(self|cls|super\(\s*\))$/;
const RETRY_DECORATORS = /^(tenacity\.(asyncio\.)?retry|backoff\.on_(exception|predicate)|stamina\.retry|retrying\.retry|retry\.retry)$/;

interface RemoteCall {
  /** How messages name the call. */
  shown: string;
  what: 'model' | 'service';
}

function remoteCall(call: Node, context: PythonRuleContext): RemoteCall | undefined {
  const callee = calleeOf(call, context.text);
  if (!CANDIDATE_NAMES.has(callee.name) || OWN_RECEIVERS.test(callee.receiver)) return undefined;
  const shown = `${callee.text.replace(/\s+/g, '')}()`;
  if (MODEL_METHODS.has(callee.name) && callee.receiver) return { shown, what: 'model' };
  if (callee.name === 'create') {
    return /(^|\.)(chat\.completions|messages)$/.test(callee.receiver.replace(/\s+/g, '')) ? { shown, what: 'model' } : undefined;
  }
  if (callee.name === 'run') {
    const qualified = callee.receiver ? qualifyCallee(context.module, callee.node, context.scope) : undefined;
    return qualified && /^onnxruntime\.(capi\.onnxruntime_inference_collection\.)?InferenceSession\(\)\.run$/.test(qualified)
      ? { shown, what: 'model' }
      : undefined;
  }
  if (!REQUEST_CALL_NAMES.has(callee.name) || !usesNetworkLibrary(context.module)) return undefined;
  const qualified = qualifyCallee(context.module, callee.node, context.scope);
  const api = qualified ? timeoutApi(qualified) : undefined;
  if (!api?.request) return undefined;
  return { shown: qualified!.includes('()') ? shown : api.label, what: 'service' };
}

/** Whether a handler ends by re-raising the exception it caught and never returns (so it adds no fallback). */
function onlyReraises(handler: Node): boolean {
  let block: Node | null = null;
  let alias: string | undefined;
  for (const child of handler.namedChildren) {
    if (!child) continue;
    if (child.type === 'block') block = child;
    else if (child.type === 'as_pattern') alias = child.childForFieldName('alias')?.text;
  }
  let last = block?.lastNamedChild ?? null;
  while (last?.type === 'comment') last = last.previousNamedSibling;
  if (!last || last.type !== 'raise_statement') return false;
  const raised = last.namedChild(0);
  if (raised !== null && !(alias !== undefined && raised.type === 'identifier' && raised.text === alias)) return false;
  // A handler that answers on some path (`if cached: return cached` before the `raise`) is a fallback.
  return !/\breturn\b/.test(block!.text);
}

/** Whether a `try` between the call and its function catches the call's failure with a fallback. */
function isProtected(call: Node, context: PythonRuleContext): boolean {
  const offset = call.startIndex;
  for (let i = context.ancestors.length - 1; i >= 0; i--) {
    const ancestor = context.ancestors[i];
    if (ancestor.kind === 'function_definition') return false;
    if (ancestor.kind !== 'try_statement') continue;
    const body = ancestor.node.childForFieldName('body');
    if (!body || offset < body.startIndex || offset >= body.endIndex) continue;
    for (const clause of ancestor.node.namedChildren) {
      if (clause && (clause.type === 'except_clause' || clause.type === 'except_group_clause') && !onlyReraises(clause)) return true;
    }
  }
  return false;
}

export const python: PythonRuleImplementation = {
  visitors: {
    call(node, context) {
      const serving = context.servingFunction;
      if (!serving) return;
      const remote = remoteCall(node, context);
      if (!remote) return;
      if (isProtected(node, context)) return;
      if (decoratedWith(context.scope, (d) => RETRY_DECORATORS.test(d))) return;
      const span = callSpan(node, context.text);
      const failure = remote.what === 'model' ? 'the model fails or times out' : 'the service fails or times out';
      context.report(
        span.start,
        span.end,
        `${remote.shown} in ${serving.name}() has no error handling: when ${failure}, the request fails with a 500 instead of a fallback`,
        fallbackFix(node, context, remote),
      );
    },
  },
};

function fallbackFix(call: Node, context: PythonRuleContext, remote: RemoteCall) {
  const scope = context.scope;
  if (!scope) return undefined;
  const statement = wrappableStatement(call, context.text);
  if (!statement) return undefined;
  // `return <value>` is not allowed in an async generator, and a fallback value means nothing in a generator.
  if (/\byield\b/.test(context.text.slice(scope.start, scope.end))) return undefined;
  const logger = loggerEdits(context.module, scope);
  if (!logger) return undefined;
  const error = remote.what === 'model' ? 'model unavailable' : 'upstream service unavailable';
  const edit = wrapStatement(context.text, statement, 'try:', [
    'except Exception:',
    `\t>${logger.name}.exception(${JSON.stringify(`${remote.shown} failed; returning a fallback`)})`,
    `\t>return {"fallback": True, "error": ${JSON.stringify(error)}}`,
  ]);
  if (!edit) return undefined;
  return {
    description: 'Wrap in try/except that logs the error and returns a marked fallback',
    edits: [edit, ...logger.edits],
    safe: false,
  };
}
