import { defineRule } from '../define';
import { python } from './python';
import { typescript } from './typescript';

export const rule = defineRule({
  id: 'missing-timeout',
  languages: ['py', 'ts/js'],
  category: 'resilience',
  severity: 'error',
  fixable: true,
  summary: 'Network and model-API calls must have a timeout.',
  scope: 'production',
  docs: {
    why: "A network call without a timeout waits forever when the other side stalls. In a model service that means a worker (or the whole event loop) hangs on one slow feature store, model server or LLM API, requests queue up behind it, and the pod is eventually killed by its liveness probe — an outage caused by somebody else's latency. LLM SDKs are no better by default: the OpenAI and Anthropic clients wait up to 10 minutes per attempt and retry.",
    flags:
      'Python: `requests.get/post/put/patch/delete/head/options/request(...)` and the same methods on a `requests.Session()` object (bound to a name, a `self.` attribute, or a `with ... as` target), `urllib.request.urlopen`, `http.client.HTTP(S)Connection(...)`, `socket.create_connection`, `aiohttp.ClientSession(...)` — when no `timeout` is given; any of these, and `httpx` calls, clients and client methods (and aiohttp session methods), when `timeout=None` is passed explicitly; `openai.OpenAI`/`AsyncOpenAI`/`AzureOpenAI`/`AsyncAzureOpenAI`/`Client`/`AsyncClient` and `anthropic.Anthropic`/`AsyncAnthropic`/`Client`/`AsyncClient` clients built without `timeout` (their library default is minutes long). Calls are tied to their library through imports and aliases (`import requests as rq`, `from urllib.request import urlopen`). TypeScript/JavaScript: `fetch(url)` / `fetch(url, init)` with no `signal` in `init`; `axios.get/post/...(...)` and `axios(config)` with no `timeout` in the config, `axios.create({...})` with no `timeout`; `http.request`/`https.request`/`http.get` with no `timeout` option; `new OpenAI({...})` / `new Anthropic({...})` without `timeout`.',
    doesNotFlag:
      "Python: calls that pass `**kwargs` (timeout may be inside); `httpx` without `timeout` (its default is 5 s); requests made through an aiohttp session (they inherit the session's timeout); a timeout passed positionally where the API takes one (`urlopen(url, data, 5)`, `HTTPConnection(host, port, 5)`, `create_connection(addr, 5)`); LLM clients given an `http_client=` or configured with `.with_options(timeout=...)`; calls on objects the analyser cannot tie to these libraries (a `client` parameter, a local function named `get`). TypeScript/JavaScript: `init`/config objects the analyser cannot see into (an identifier, a spread).",
    fix: 'Python: insert `timeout=<prodready.defaultTimeoutSeconds>` (default 10) as a keyword argument, keeping multi-line calls and trailing commas valid; replace `timeout=None` with the number. Pick a value that fits the call: an LLM generation may need longer than a feature lookup. TypeScript/JavaScript: add `signal: AbortSignal.timeout(<ms>)` / `timeout: <ms>`.',
    bad: 'import requests\nfrom openai import OpenAI\n\nclient = OpenAI()\n\ndef features(user_id):\n    return requests.get(f"http://features/{user_id}").json()\n',
    good: 'import requests\nfrom openai import OpenAI\n\nclient = OpenAI(timeout=30)\n\ndef features(user_id):\n    return requests.get(f"http://features/{user_id}", timeout=2).json()\n',
  },
  implementations: { python, typescript },
});
