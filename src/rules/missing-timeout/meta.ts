import type { RuleMeta } from '../../core/types';

export const meta: RuleMeta = {
  id: 'missing-timeout',
  languages: ['py', 'ts/js'],
  category: 'resilience',
  severity: 'error',
  fixable: true,
  summary: 'Network and model-API calls must have a timeout.',
  docs: {
    why: "A network call without a timeout waits forever when the other side stalls. In a model service that means a worker (or the whole event loop) hangs on one slow feature store, model server or LLM API, requests queue up behind it, and the pod is eventually killed by its liveness probe \u2014 an outage caused by somebody else's latency.",
    flags:
      'Python: `requests.get/post/put/patch/delete/head/options/request(...)` and the same methods on a `requests.Session()` object, `urllib.request.urlopen`, `http.client.HTTP(S)Connection(...)`, `socket.create_connection`, `aiohttp.ClientSession(...)` \u2014 when no `timeout` is given; any of these, and `httpx` calls/clients, when `timeout=None` is passed explicitly; `openai.OpenAI`/`AsyncOpenAI`/`AzureOpenAI`/`Client`/`AsyncClient` and `anthropic.Anthropic`/`AsyncAnthropic`/`Client` clients built without `timeout` (their library default is minutes long). TypeScript/JavaScript: `fetch(url)` / `fetch(url, init)` with no `signal` in `init`; `axios.get/post/...(...)` and `axios(config)` with no `timeout` in the config, `axios.create({...})` with no `timeout`; `http.request`/`https.request`/`http.get` with no `timeout` option; `new OpenAI({...})` / `new Anthropic({...})` without `timeout`.',
    doesNotFlag:
      'Python: calls that pass `**kwargs` (timeout may be inside); `httpx` without `timeout` (its default is 5 s); calls on objects the analyser cannot tie to these libraries. TypeScript/JavaScript: `init`/config objects the analyser cannot see into (an identifier, a spread).',
    fix: 'Python: insert `timeout=<prodready.defaultTimeoutSeconds>` (default 10) as a keyword argument; replace `timeout=None` with the number. TypeScript/JavaScript: add `signal: AbortSignal.timeout(<ms>)` / `timeout: <ms>`.',
  },
};
