/**
 * What a resolved Python call reaches, by its qualified name (`requests.post`,
 * `requests.Session().get`, `openai.OpenAI().chat.completions.create`): a remote HTTP service
 * through a synchronous client, an LLM API through a synchronous SDK client, or a model. Shared by
 * blocking-call-in-async (which calls block the event loop) and unbounded-retry (which loops keep
 * calling out). Pure functions of names: the rules resolve the names through the module's bindings.
 */

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'stream', 'send']);
const REQUESTS_SESSION = /^requests\.(sessions\.)?(Session|session)\(\)$/;
const HTTPX_SYNC_CLIENT = /^httpx\.Client\(\)$/;
const HTTPX_ASYNC_CLIENT = /^httpx\.AsyncClient\(\)$/;
const AIOHTTP_SESSION = /^aiohttp\.(client\.)?ClientSession\(\)$/;
const HTTP_CONNECTION = /^http\.client\.HTTPS?Connection\(\)$/;

/** The last callee segments worth resolving before any of the tests below can hold (a cheap text gate). */
export const REMOTE_CALL_NAMES: ReadonlySet<string> = new Set([
  ...HTTP_METHODS,
  'urlopen',
  'getresponse',
  'ws_connect',
  'sleep',
  'create',
  'parse',
  'retrieve',
  'list',
  'invoke',
  'batch',
  'stream',
  'infer',
  'run',
  'predict',
  'predict_proba',
  'generate',
  'invoke_endpoint',
  'count_tokens',
  'create_and_poll',
  'poll',
]);

/** Libraries whose import makes a module worth resolving calls in. */
export const REMOTE_LIBRARIES: readonly string[] = [
  'requests',
  'httpx',
  'aiohttp',
  'urllib',
  'http',
  'openai',
  'anthropic',
  'langchain',
  'langchain_core',
  'langchain_openai',
  'langchain_anthropic',
  'langchain_community',
  'tritonclient',
  'onnxruntime',
  'boto3',
];

/** A synchronous HTTP request (`requests`, `urllib`, `http.client`, `httpx` functions and `httpx.Client`): it blocks its thread. */
export function isBlockingHttpCall(qualified: string): boolean {
  const dot = qualified.lastIndexOf('.');
  const receiver = qualified.slice(0, dot);
  const method = qualified.slice(dot + 1);
  if ((receiver === 'requests' || receiver === 'requests.api') && HTTP_METHODS.has(method) && method !== 'send') return true;
  if (REQUESTS_SESSION.test(receiver) && HTTP_METHODS.has(method)) return true;
  if (qualified === 'urllib.request.urlopen' || qualified === 'urllib.request.urlretrieve') return true;
  if (HTTP_CONNECTION.test(receiver) && (method === 'request' || method === 'getresponse')) return true;
  if (receiver === 'httpx' && HTTP_METHODS.has(method) && method !== 'send') return true;
  return HTTPX_SYNC_CLIENT.test(receiver) && HTTP_METHODS.has(method);
}

/** Any HTTP request, synchronous or not (an awaited `httpx.AsyncClient().get`, an aiohttp session's `post`). */
export function isHttpCall(qualified: string): boolean {
  if (isBlockingHttpCall(qualified)) return true;
  const dot = qualified.lastIndexOf('.');
  const receiver = qualified.slice(0, dot);
  const method = qualified.slice(dot + 1);
  return (HTTPX_ASYNC_CLIENT.test(receiver) || AIOHTTP_SESSION.test(receiver)) && (HTTP_METHODS.has(method) || method === 'ws_connect');
}

const SYNC_LLM_CLIENT = /^(openai\.(OpenAI|AzureOpenAI|Client)|anthropic\.(Anthropic|Client|AnthropicBedrock|AnthropicVertex))\(\)\./;
const ASYNC_LLM_CLIENT =
  /^(openai\.(AsyncOpenAI|AsyncAzureOpenAI|AsyncClient)|anthropic\.(AsyncAnthropic|AsyncClient|AsyncAnthropicBedrock|AsyncAnthropicVertex))\(\)\./;
/** Client methods that configure a copy rather than call the API. */
const CLIENT_CONFIGURATION = new Set(['with_options', 'copy', 'with_raw_response', 'with_streaming_response']);

/** A method of a synchronous OpenAI/Anthropic client that calls the API (`client.chat.completions.create`). */
export function isSyncLlmCall(qualified: string): boolean {
  return SYNC_LLM_CLIENT.test(qualified) && !CLIENT_CONFIGURATION.has(qualified.slice(qualified.lastIndexOf('.') + 1));
}

/** A method of an OpenAI/Anthropic client, synchronous or not, that calls the API. */
export function isLlmCall(qualified: string): boolean {
  if (isSyncLlmCall(qualified)) return true;
  return ASYNC_LLM_CLIENT.test(qualified) && !CLIENT_CONFIGURATION.has(qualified.slice(qualified.lastIndexOf('.') + 1));
}

/** openai 0.x module-level calls (`openai.ChatCompletion.create`): synchronous. */
export function isLegacyOpenAiCall(qualified: string): boolean {
  return /^openai\.(ChatCompletion|Completion|Embedding)\.create$/.test(qualified);
}

/** The packages LangChain objects come from. */
export const LANGCHAIN_PACKAGE =
  /^(langchain|langchain_core|langchain_openai|langchain_anthropic|langchain_community|langchain_google_genai|langchain_aws)(\.|$)/;

/** Synchronous ONNX Runtime and Triton inference: `InferenceSession(...).run`, a sync `InferenceServerClient(...).infer`. */
export function isSyncRuntimeInference(qualified: string): boolean {
  if (/^onnxruntime\.(capi\.onnxruntime_inference_collection\.)?InferenceSession\(\)\.run$/.test(qualified)) return true;
  return /^tritonclient\.(http|grpc)\.InferenceServerClient\(\)\.infer$/.test(qualified);
}

/** Model-call methods recognised on any receiver but the handler's own object (rules.md: `.predict(`, `.generate(`, ...). */
export const MODEL_METHODS: ReadonlySet<string> = new Set(['predict', 'predict_proba', 'generate']);

/** Methods that return the model they are called on (`torch.load(p).to(device).eval()`). */
const SAME_MODEL_METHODS = /(\.(to|cuda|cpu|half|float|double|bfloat16|eval)\(\))+$/;
const NOT_A_MODEL = /Tokenizer|Processor|Config|FeatureExtractor|Extractor/;

/**
 * What calling an object bound to `qualified` runs, when it is a model: a `transformers.pipeline(...)`
 * or a torch module (`torch.load`, `torch.jit.load`, `torch.hub.load`, a `transformers` model's
 * `from_pretrained`). The qualified name is the object's (`transformers.pipeline()`).
 */
export function callableModel(qualified: string): 'pipeline' | 'torch module' | undefined {
  const base = qualified.replace(SAME_MODEL_METHODS, '');
  if (/^transformers\.(pipelines\.)?pipeline\(\)$/.test(base)) return 'pipeline';
  if (/^torch\.(load|jit\.load|jit\.script|jit\.trace|hub\.load)\(\)$/.test(base)) return 'torch module';
  const pretrained = /^transformers\.(\w+)\.from_pretrained\(\)$/.exec(base);
  if (pretrained && !NOT_A_MODEL.test(pretrained[1])) return 'torch module';
  return undefined;
}

/** Clocks a deadline is measured on. */
export const CLOCK_CALL =
  /^(time\.(monotonic|time|perf_counter|monotonic_ns|time_ns|perf_counter_ns)|datetime\.datetime\.(now|utcnow)|asyncio\.get_event_loop\(\)\.time|asyncio\.get_running_loop\(\)\.time|loop\.time)$/;
