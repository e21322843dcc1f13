import type { Node } from '@vscode/tree-sitter-wasm';
import { calleeOf, callSpan, decoratedWith, qualifyCallee, wrappableStatement, wrapStatement } from '../../parsers/python/edits';
import type { TextEdit } from '../../core/types';
import { ensureImport } from '../../parsers/python/ast';
import { existingLogger, loggerEdits } from '../../parsers/python/logging';
import type { FunctionInfo } from '../../parsers/python/module';
import type { PythonRuleImplementation, PythonRuleContext } from '../../parsers/python/rule';
import { REQUEST_CALL_NAMES, timeoutApi, usesNetworkLibrary } from '../missing-timeout/python';
import { frameworkOf, handlerLogs, importedName, mergeInsertions, reraiseIsHandling, type Framework } from './frameworks';

/**
 * missing-fallback: in serving code, a call that reaches a model or a remote service with nothing to
 * catch its failure. Model calls are recognised by their method (`.predict(`, `.generate(`,
 * `.chat.completions.create(`, ...) on any receiver except the handler's own `self`; ONNX Runtime's
 * `.run(` only on an `onnxruntime.InferenceSession`; remote calls are the request-making calls of
 * missing-timeout (requests, httpx, aiohttp, urllib). A call is protected by a `try` whose body holds
 * it and one of whose handlers does something other than re-raise the same exception, or by a retry
 * decorator on the function. Code in an `except`/`else`/`finally` clause is not protected by its own
 * `try`, and a `try` outside the function that defines a call does not protect it. In the model-server
 * frameworks (KServe, TorchServe, Seldon, MLServer, BentoML, Ray Serve) a handler that logs and
 * re-raises counts too: the server turns the exception into its own error response (R2.5).
 * Also model calls: openai 0.x `openai.ChatCompletion.create`, LangChain chat models' `.invoke(`.
 */

const MODEL_METHODS = new Set(['predict', 'predict_proba', 'generate', 'invoke_endpoint', 'infer']);
const CANDIDATE_NAMES = new Set([...MODEL_METHODS, ...REQUEST_CALL_NAMES, 'create', 'acreate', 'run', 'invoke', 'ainvoke']);
const LANGCHAIN_MODEL =
  /^(langchain_openai|langchain_anthropic|langchain|langchain_community)(\.\w+)*\.(ChatOpenAI|AzureChatOpenAI|ChatAnthropic)\(\)\.a?invoke$/;
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
  if (callee.name === 'create' || callee.name === 'acreate') {
    if (callee.name === 'create' && /(^|\.)(chat\.completions|messages)$/.test(callee.receiver.replace(/\s+/g, '')))
      return { shown, what: 'model' };
    // openai 0.x: `openai.ChatCompletion.create(...)`.
    return /^openai\.(ChatCompletion|Completion)\.a?create$/.test(context.module.qualify(callee.node, context.scope) ?? '')
      ? { shown, what: 'model' }
      : undefined;
  }
  if (callee.name === 'invoke' || callee.name === 'ainvoke') {
    return LANGCHAIN_MODEL.test(qualifyCallee(context.module, callee.node, context.scope) ?? '') ? { shown, what: 'model' } : undefined;
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
function isProtected(call: Node, context: PythonRuleContext, reraiseHandles: boolean): boolean {
  const offset = call.startIndex;
  const logger = reraiseHandles ? existingLogger(context.module)?.name : undefined;
  for (let i = context.ancestors.length - 1; i >= 0; i--) {
    const ancestor = context.ancestors[i];
    if (ancestor.kind === 'function_definition') return false;
    if (ancestor.kind !== 'try_statement') continue;
    const body = ancestor.node.childForFieldName('body');
    if (!body || offset < body.startIndex || offset >= body.endIndex) continue;
    for (const clause of ancestor.node.namedChildren) {
      if (!clause || (clause.type !== 'except_clause' && clause.type !== 'except_group_clause')) continue;
      if (!onlyReraises(clause) || (reraiseHandles && handlerLogs(clause, logger))) return true;
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
      const framework = frameworkOf(serving, context.module);
      if (isProtected(node, context, reraiseIsHandling(serving, framework))) return;
      if (decoratedWith(context.scope, (d) => RETRY_DECORATORS.test(d))) return;
      const span = callSpan(node, context.text);
      const failure = remote.what === 'model' ? 'the model fails or times out' : 'the service fails or times out';
      context.report(
        span.start,
        span.end,
        `${remote.shown} in ${serving.name}() has no error handling: when ${failure}, ${OUTCOME[framework ?? 'unknown']}`,
        fallbackFix(node, context, remote, serving, framework),
      );
    },
  },
};

/** What happens today when the call fails, per framework (messages say what actually happens). */
const OUTCOME: Record<Framework | 'unknown', string> = {
  fastapi: 'the client gets a generic 500 instead of a 503 it can retry',
  starlette: 'the client gets a generic 500 instead of a 503 it can retry',
  flask: 'the client gets a generic 500 instead of a 503 it can retry',
  quart: 'the client gets a generic 500 instead of a 503 it can retry',
  aiohttp: 'the client gets a generic 500 instead of a 503 it can retry',
  bentoml: 'the client gets a generic 500 instead of a 503 (ServiceUnavailable) it can retry',
  lambda: 'the invocation fails with an unhandled error (behind API Gateway, a 502) instead of a 503 the client can retry',
  'model-server': 'the exception reaches the model server with nothing here logging which call failed; log it and re-raise',
  'ray-serve': 'the exception reaches Ray Serve with nothing here logging which call failed; log it and re-raise',
  unknown: 'the request fails with a generic 500 instead of an error response the client can act on',
};

/**
 * A name for the caught exception that nothing else in the function uses: `except ... as <name>`
 * unbinds it when the handler ends, so only other handlers binding the same name may share it.
 */
function exceptionName(scope: FunctionInfo, text: string): string | undefined {
  const handlers = scope.node.descendantsOfType('except_clause').filter((clause): clause is Node => clause !== null);
  return ['exc', 'error', 'err', 'exception'].find((name) => {
    let rest = text.slice(scope.start, scope.end);
    for (const clause of handlers) {
      const alias = clause.namedChildren.find((child) => child?.type === 'as_pattern')?.childForFieldName('alias')?.text;
      if (alias !== name) continue;
      const from = clause.startIndex - scope.start;
      const to = clause.endIndex - scope.start;
      rest = rest.slice(0, from) + ' '.repeat(to - from) + rest.slice(to);
    }
    return !new RegExp(`\\b${name}\\b`).test(rest);
  });
}

interface Handler {
  /** The `except` line. */
  clause: string;
  /** The lines after the log call, in the handler. */
  lines: string[];
  edits: TextEdit[];
  description: string;
  /** The handler logs and re-raises (the model servers' own error response), the one shape that fits a generator too. */
  reraises?: boolean;
}

/** The framework's own error response, as the handler's last lines (R2.2, R2.6). */
function frameworkHandler(
  context: PythonRuleContext,
  statement: Node,
  scope: FunctionInfo,
  serving: FunctionInfo,
  framework: Framework,
  detail: string,
): Handler | undefined {
  const { module, text } = context;
  const bind = () => exceptionName(scope, text);
  switch (framework) {
    case 'fastapi':
    case 'starlette': {
      const from = framework === 'fastapi' ? 'fastapi' : 'starlette.exceptions';
      const exception = importedName(module, scope, from, 'HTTPException', [
        'fastapi.HTTPException',
        'fastapi.exceptions.HTTPException',
        'starlette.exceptions.HTTPException',
      ]);
      const name = bind();
      if (!exception || !name) return undefined;
      return {
        clause: `except Exception as ${name}:`,
        lines: [`raise ${exception.expression}(status_code=503, detail=${JSON.stringify(detail)}) from ${name}`],
        edits: exception.edits,
        description: 'Wrap in try/except that logs the error and raises HTTPException(503)',
      };
    }
    case 'flask':
    case 'quart': {
      const abort = importedName(module, scope, framework, 'abort');
      if (!abort) return undefined;
      return {
        clause: 'except Exception:',
        lines: [`${abort.expression}(503)`],
        edits: abort.edits,
        description: 'Wrap in try/except that logs the error and aborts with 503',
      };
    }
    case 'aiohttp': {
      const web = importedName(module, scope, 'aiohttp', 'web', ['aiohttp.web']);
      const name = bind();
      if (!web || !name) return undefined;
      return {
        clause: `except Exception as ${name}:`,
        lines: [`raise ${web.expression}.HTTPServiceUnavailable() from ${name}`],
        edits: web.edits,
        description: 'Wrap in try/except that logs the error and raises HTTPServiceUnavailable (503)',
      };
    }
    case 'bentoml': {
      const name = bind();
      const exception = bentomlUnavailable(context, scope);
      if (!name || !exception) return undefined;
      return {
        clause: `except Exception as ${name}:`,
        lines: [`raise ${exception.expression}(${JSON.stringify(detail)}) from ${name}`],
        edits: exception.edits,
        description: 'Wrap in try/except that logs the error and raises ServiceUnavailable (503)',
      };
    }
    case 'lambda': {
      // A Lambda answers 503 only behind an HTTP front (API Gateway, a function URL); for queue or
      // event triggers a returned value would mark the event processed, so only HTTP-shaped handlers get a fix.
      const event = serving.parameters[0]?.replace(/\W/g, '') ?? 'event';
      // In a handler that branches on the event's shape, the branch holding the call decides.
      let region: Node | null = statement;
      while (
        region &&
        region !== serving.node &&
        !(region.type === 'block' && /^(if_statement|elif_clause|else_clause)$/.test(region.parent?.type ?? ''))
      ) {
        region = region.parent;
      }
      const body = region && region !== serving.node ? region.text : text.slice(serving.start, serving.end);
      const http = new RegExp(
        `["']statusCode["']|\\b${event}\\s*(\\[\\s*|\\.get\\(\\s*)["'](body|httpMethod|queryStringParameters|pathParameters|requestContext)["']`,
      );
      if (scope !== serving || !http.test(body)) return undefined;
      return {
        clause: 'except Exception:',
        lines: [`return {"statusCode": 503, "body": ${jsonBody(context, scope, detail)}}`],
        edits: [],
        description: 'Wrap in try/except that logs the error and returns a 503 response',
      };
    }
    case 'model-server':
    case 'ray-serve':
      return {
        clause: 'except Exception:',
        lines: ['raise'],
        edits: [],
        description: 'Wrap in try/except that logs the error and re-raises',
        reraises: true,
      };
  }
}

/** The Lambda response body: `json.dumps({...})` where the module has `json`, else the JSON text as a literal. */
function jsonBody(context: PythonRuleContext, scope: FunctionInfo, detail: string): string {
  const json = [...context.module.globals].find(([bound, value]) => value === 'json' && context.module.lookup(bound, scope) === value)?.[0];
  const payload = `{"error": ${JSON.stringify(detail)}}`;
  return json ? `${json}.dumps(${payload})` : `'${payload}'`;
}

/** `ServiceUnavailable` as imported, else `bentoml.exceptions.ServiceUnavailable` (adding `import bentoml` when the name is free). */
function bentomlUnavailable(context: PythonRuleContext, scope: FunctionInfo): { expression: string; edits: TextEdit[] } | undefined {
  const { module } = context;
  for (const [bound, value] of module.globals) {
    if (value === 'bentoml.exceptions.ServiceUnavailable' && module.lookup(bound, scope) === value) return { expression: bound, edits: [] };
  }
  const bentoml = [...module.globals].find(([bound, value]) => value === 'bentoml' && module.lookup(bound, scope) === value)?.[0];
  if (bentoml) return { expression: `${bentoml}.exceptions.ServiceUnavailable`, edits: [] };
  if (module.globals.has('bentoml') || module.lookup('bentoml', scope) !== 'bentoml') return undefined;
  const edits = ensureImport(module, 'bentoml', scope);
  return edits ? { expression: 'bentoml.exceptions.ServiceUnavailable', edits } : undefined;
}

function fallbackFix(call: Node, context: PythonRuleContext, remote: RemoteCall, serving: FunctionInfo, framework: Framework | undefined) {
  const scope = context.scope;
  if (!scope || !framework) return undefined;
  const statement = wrappableStatement(call, context.text);
  if (!statement) return undefined;
  const detail = remote.what === 'model' ? 'model unavailable' : 'upstream service unavailable';
  const handler = frameworkHandler(context, statement, scope, serving, framework, detail);
  if (!handler) return undefined;
  // In a generator (a streamed response) the status line has gone out before the call runs, so only
  // log-and-re-raise still means something; `return <value>` is not even allowed in an async generator.
  if (!handler.reraises && /\byield\b/.test(context.text.slice(scope.start, scope.end))) return undefined;
  const logger = loggerEdits(context.module, scope);
  if (!logger) return undefined;
  const edit = wrapStatement(context.text, statement, 'try:', [
    handler.clause,
    `\t>${logger.name}.exception(${JSON.stringify(`${remote.shown} failed`)})`,
    ...handler.lines.map((line) => `\t>${line}`),
  ]);
  if (!edit) return undefined;
  return {
    description: handler.description,
    edits: [edit, ...mergeInsertions([...handler.edits, ...logger.edits])],
    safe: false,
  };
}
