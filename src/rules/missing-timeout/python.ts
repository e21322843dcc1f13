import type { Node } from '@vscode/tree-sitter-wasm';
import { addKeywordArgument, callParts } from '../../parsers/python/ast';
import { calleeOf, callSpan, qualifyCallee } from '../../parsers/python/edits';
import type { FunctionInfo, PythonModule } from '../../parsers/python/module';
import type { PythonRuleImplementation } from '../../parsers/python/rule';

/**
 * missing-timeout: a network or model-API call that can wait forever (or for minutes) because no
 * timeout is set. Calls are tied to their library through imports and aliases (`rq.post`,
 * `from urllib.request import urlopen`) and through session objects (`s = requests.Session()`,
 * `self.session = ...`, `with requests.Session() as s`); anything the analyser cannot tie to one of
 * these libraries is left alone. Where the API takes the timeout positionally
 * (`urlopen(url, data, 5)`), a positional argument in that slot counts as a timeout.
 */

export interface TimeoutApi {
  /** How the call is named in messages. */
  label: string;
  /** 0-based position of a positional timeout argument, when the API has one. */
  positional?: number;
  /** Whether a missing timeout is a finding (false: only `timeout=None` is). */
  requiresTimeout: boolean;
  /** Why the missing timeout hurts, for the message. */
  consequence: string;
  /** What an explicit `None` does, when it differs from "it waits forever, so <consequence>". */
  noneConsequence?: string;
  /** Whether the call itself performs a request (not a client or connection constructor). */
  request: boolean;
  /** The keyword the fix writes and messages name (`timeout` unless said). */
  keyword?: string;
  /** Other keywords that set the same timeout (`request_timeout` on LangChain models). */
  aliases?: readonly string[];
  /** Keywords that hand the client a configured transport, whose timeout the analyser cannot see (`http_client`). */
  configuredBy?: readonly string[];
  /** An LLM client or call: the fix uses `llmTimeoutSeconds`, since generations routinely exceed 10 s. */
  llm?: boolean;
  /** A keyword users pass believing it bounds the wait, and why it does not (openai 0.x `timeout`). */
  decoy?: { keyword: string; note: string };
}

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request']);
const HTTPX_FUNCTIONS = new Set([...HTTP_METHODS, 'stream']);
const AIOHTTP_METHODS = new Set([...HTTP_METHODS, 'ws_connect']);
/** Last callee segments of the calls that perform a request (for rules that look at remote calls). */
export const REQUEST_CALL_NAMES: ReadonlySet<string> = new Set([...HTTPX_FUNCTIONS, 'ws_connect', 'urlopen']);
/** The last callee segments worth resolving: a cheap text test before any qualification. */
const CANDIDATE_NAMES = new Set([
  ...HTTPX_FUNCTIONS,
  'ws_connect',
  'urlopen',
  'HTTPConnection',
  'HTTPSConnection',
  'create_connection',
  'ClientSession',
  'Client',
  'AsyncClient',
  'OpenAI',
  'AsyncOpenAI',
  'AzureOpenAI',
  'AsyncAzureOpenAI',
  'Anthropic',
  'AsyncAnthropic',
  'ChatOpenAI',
  'AzureChatOpenAI',
  'ChatAnthropic',
  'InferenceServerClient',
  'infer',
  'create',
  'acreate',
]);

const HANG = 'a slow model server will hang this worker';
const LLM_DEFAULT = "the client's default waits 10 minutes (and retries), holding this worker that long";
const SDK_CLIENT_KEYWORDS = ['http_client'];
const LLM_NONE = 'the SDK never times out, so a stalled API call holds this worker indefinitely';

/** LangChain chat models, from the partner packages and the legacy `langchain`/`langchain_community` paths. */
const LANGCHAIN_MODEL =
  /^(langchain_openai|langchain_anthropic|langchain|langchain_community)(\.\w+)*\.(ChatOpenAI|AzureChatOpenAI|ChatAnthropic)$/;
/** openai 0.x module-level calls (removed in openai 1.0). */
const OPENAI_LEGACY = /^openai\.(ChatCompletion|Completion)\.a?create$/;
const TRITON_HTTP_CLIENT = /^(tritonclient\.http|tritonhttpclient)\.InferenceServerClient$/;
const TRITON_GRPC_INFER = /^(tritonclient\.grpc(\.aio)?|tritongrpcclient)\.InferenceServerClient\(\)\.infer$/;

/** The timeout contract of a LangChain chat model constructor, openai 0.x call or tritonclient API. */
function llmOrModelServerApi(qualified: string): TimeoutApi | undefined {
  const model = LANGCHAIN_MODEL.exec(qualified);
  if (model) {
    const name = model[3];
    const partner = /^langchain_(openai|anthropic)$/.test(model[1]);
    const sdk = name === 'ChatAnthropic' ? 'Anthropic' : 'OpenAI';
    return {
      label: `${name}()`,
      requiresTimeout: true,
      // LangChain hands the SDK `timeout=None`, which disables the SDK's own default (langchain-ai/langchain#35597).
      consequence: `LangChain passes timeout=None to the ${sdk} SDK, which switches off its 10-minute default, so a stalled call holds this worker indefinitely`,
      noneConsequence: LLM_NONE,
      request: false,
      // The partner packages take `timeout` (an alias); the legacy classes only know the field name.
      keyword: partner ? 'timeout' : name === 'ChatAnthropic' ? 'default_request_timeout' : 'request_timeout',
      aliases: ['timeout', 'request_timeout', 'default_request_timeout'],
      configuredBy: ['http_client', 'http_async_client', 'client', 'async_client'],
      llm: true,
    };
  }
  if (OPENAI_LEGACY.test(qualified)) {
    return {
      label: `${qualified}()`,
      requiresTimeout: true,
      consequence: 'openai 0.x waits up to 10 minutes for the response, holding this worker that long',
      noneConsequence: 'openai 0.x then falls back to its 10-minute default, holding this worker that long',
      request: true,
      keyword: 'request_timeout',
      llm: true,
      decoy: { keyword: 'timeout', note: 'its timeout= only bounds retries while the engine is busy, not the HTTP request' },
    };
  }
  if (TRITON_HTTP_CLIENT.test(qualified)) {
    // InferenceServerClient(url, verbose, concurrency, connection_timeout, network_timeout, ...)
    return {
      label: 'tritonclient.http.InferenceServerClient()',
      positional: 4,
      requiresTimeout: true,
      consequence:
        "every request may wait the library's 60 s default on a stalled Triton server (connection_timeout only bounds connecting)",
      request: false,
      keyword: 'network_timeout',
    };
  }
  if (TRITON_GRPC_INFER.test(qualified)) {
    // infer(model_name, inputs, model_version, outputs, request_id, sequence_id, sequence_start, sequence_end,
    //       priority, timeout, client_timeout, ...): `timeout` is the server-side queue timeout.
    return {
      label: 'InferenceServerClient.infer()',
      positional: 10,
      requiresTimeout: true,
      consequence: 'a gRPC request to a stalled Triton server waits forever, holding this worker',
      request: true,
      keyword: 'client_timeout',
      decoy: { keyword: 'timeout', note: 'timeout= is the server-side queue timeout, not the client wait' },
    };
  }
  return undefined;
}

const REQUESTS_SESSION = /^requests\.(sessions\.)?(Session|session)\(\)$/;
const HTTPX_CLIENT = /^httpx\.(Client|AsyncClient)\(\)$/;
const AIOHTTP_SESSION = /^aiohttp\.(client\.)?ClientSession\(\)$/;

/** The timeout contract of a resolved call, or undefined when it is none of the covered APIs. */
export function timeoutApi(qualified: string): TimeoutApi | undefined {
  const dot = qualified.lastIndexOf('.');
  const receiver = qualified.slice(0, dot);
  const method = qualified.slice(dot + 1);
  if ((receiver === 'requests' || receiver === 'requests.api') && HTTP_METHODS.has(method)) {
    return { label: `requests.${method}()`, requiresTimeout: true, consequence: HANG, request: true };
  }
  if (REQUESTS_SESSION.test(receiver) && HTTP_METHODS.has(method)) {
    // Session.request(method, url, params, data, headers, cookies, files, auth, timeout, ...)
    return {
      label: `Session.${method}()`,
      positional: method === 'request' ? 8 : undefined,
      requiresTimeout: true,
      consequence: HANG,
      request: true,
    };
  }
  switch (qualified) {
    case 'urllib.request.urlopen':
      return { label: 'urllib.request.urlopen()', positional: 2, requiresTimeout: true, consequence: HANG, request: true };
    case 'http.client.HTTPConnection':
      return { label: 'http.client.HTTPConnection()', positional: 2, requiresTimeout: true, consequence: HANG, request: false };
    case 'http.client.HTTPSConnection':
      // (host, port, key_file, cert_file, timeout) before Python 3.12; keyword-only since.
      return { label: 'http.client.HTTPSConnection()', positional: 4, requiresTimeout: true, consequence: HANG, request: false };
    case 'socket.create_connection':
      return { label: 'socket.create_connection()', positional: 1, requiresTimeout: true, consequence: HANG, request: false };
    case 'aiohttp.ClientSession':
    case 'aiohttp.client.ClientSession':
      return {
        label: 'aiohttp.ClientSession()',
        requiresTimeout: true,
        consequence: 'its default lets one request take 5 minutes, holding this handler that long',
        request: false,
      };
    case 'openai.OpenAI':
    case 'openai.AsyncOpenAI':
    case 'openai.AzureOpenAI':
    case 'openai.AsyncAzureOpenAI':
    case 'openai.Client':
    case 'openai.AsyncClient':
    case 'anthropic.Anthropic':
    case 'anthropic.AsyncAnthropic':
    case 'anthropic.Client':
    case 'anthropic.AsyncClient':
      return {
        label: `${qualified}()`,
        requiresTimeout: true,
        consequence: LLM_DEFAULT,
        noneConsequence: LLM_NONE,
        request: false,
        configuredBy: SDK_CLIENT_KEYWORDS,
        llm: true,
      };
  }
  const other = llmOrModelServerApi(qualified);
  if (other) return other;
  if (receiver === 'httpx' && (HTTPX_FUNCTIONS.has(method) || method === 'Client' || method === 'AsyncClient')) {
    return { label: `httpx.${method}()`, requiresTimeout: false, consequence: HANG, request: HTTPX_FUNCTIONS.has(method) };
  }
  if (HTTPX_CLIENT.test(receiver) && HTTPX_FUNCTIONS.has(method)) {
    return { label: `${receiver.slice(0, -2)}.${method}()`, requiresTimeout: false, consequence: HANG, request: true };
  }
  if (AIOHTTP_SESSION.test(receiver) && AIOHTTP_METHODS.has(method)) {
    // Requests inherit the session's timeout; only an explicit None removes it.
    return { label: `ClientSession.${method}()`, requiresTimeout: false, consequence: HANG, request: true };
  }
  return undefined;
}

const NETWORK_LIBRARIES = [
  'requests',
  'httpx',
  'aiohttp',
  'urllib',
  'http',
  'socket',
  'openai',
  'anthropic',
  'langchain',
  'langchain_openai',
  'langchain_anthropic',
  'langchain_community',
  'tritonclient',
  'tritonhttpclient',
  'tritongrpcclient',
];
const networkModules = new WeakMap<PythonModule, boolean>();

/** Whether the module imports any library this rule knows: a cheap gate before resolving `x.get(...)`. */
export function usesNetworkLibrary(module: PythonModule): boolean {
  let uses = networkModules.get(module);
  if (uses === undefined) {
    uses = NETWORK_LIBRARIES.some((library) => module.imports(library));
    networkModules.set(module, uses);
  }
  return uses;
}

/** `OpenAI().with_options(timeout=...)`: the timeout is set on the copy the code keeps. */
function timeoutSetByWithOptions(call: Node): boolean {
  const attribute = call.parent;
  if (attribute?.type !== 'attribute' || attribute.childForFieldName('attribute')?.text !== 'with_options') return false;
  const outer = attribute.parent;
  if (outer?.type !== 'call') return false;
  const parts = callParts(outer);
  return parts.hasKeywordSplat || parts.keywords.has('timeout');
}

/** A callee worth resolving: a covered name, or a plain name imported under an alias (`from openai import OpenAI as Client`). */
function isCandidate(name: string, node: Node | null, module: PythonModule, scope: FunctionInfo | undefined): boolean {
  if (CANDIDATE_NAMES.has(name)) return true;
  if (node?.type !== 'identifier') return false;
  const bound = module.lookup(name, scope);
  return bound !== undefined && bound !== name && CANDIDATE_NAMES.has(bound.slice(bound.lastIndexOf('.') + 1));
}

export const python: PythonRuleImplementation = {
  visitors: {
    call(node, context) {
      const callee = calleeOf(node, context.text);
      if (!isCandidate(callee.name, callee.node, context.module, context.scope) || !usesNetworkLibrary(context.module)) return;
      const qualified = qualifyCallee(context.module, callee.node, context.scope);
      if (!qualified) return;
      const api = timeoutApi(qualified);
      if (!api) return;
      const parts = callParts(node);
      if (parts.hasKeywordSplat) return;
      const seconds = api.llm ? context.options.llmTimeoutSeconds : context.options.defaultTimeoutSeconds;
      const keyword = api.keyword ?? 'timeout';
      const span = callSpan(node, context.text);
      const shown = qualified.includes('()') ? `${callee.text}()` : api.label;
      const given = [keyword, ...(api.aliases ?? [])].find((name) => parts.keywords.has(name));
      const timeout = given ? parts.keywords.get(given) : api.positional !== undefined ? parts.positional[api.positional] : undefined;
      if (timeout) {
        if (timeout.type !== 'none') return;
        const named = given ?? keyword;
        const consequence = api.noneConsequence ?? `it waits forever, so ${api.consequence}`;
        context.report(span.start, span.end, `${shown} is called with ${named}=None: ${consequence}`, {
          description: `Replace ${named}=None with ${named}=${seconds}`,
          edits: [{ start: timeout.startIndex, end: timeout.endIndex, text: String(seconds) }],
          safe: true,
        });
        return;
      }
      if (!api.requiresTimeout) return;
      if (api.positional !== undefined && parts.hasPositionalSplat) return;
      if (api.configuredBy?.some((name) => parts.keywords.has(name))) return;
      if (/^(openai|anthropic)\./.test(qualified) && timeoutSetByWithOptions(node)) return;
      const decoy = api.decoy && parts.keywords.has(api.decoy.keyword) ? ` (${api.decoy.note})` : '';
      const edit = addKeywordArgument(node, context.text, `${keyword}=${seconds}`);
      context.report(
        span.start,
        span.end,
        `${shown} has no ${keyword}: ${api.consequence}${decoy}`,
        edit ? { description: `Add ${keyword}=${seconds}`, edits: [edit], safe: true } : undefined,
      );
    },
  },
};
