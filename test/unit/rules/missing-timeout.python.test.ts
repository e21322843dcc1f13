import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../src/session/engine';
import { severitiesFrom } from '../../../src/core/config';
import { assertClean, assertFixed, findings, located } from '../helpers';
import { assertFixedAlone, fixedWith } from './fixSafety';

const RULE = 'missing-timeout';

describe('missing-timeout (python)', () => {
  it('flags requests module calls through aliases and from-imports, on the callee', async () => {
    const code = [
      'import requests as rq',
      'from requests import get',
      'def score(x):',
      '    r = rq.post("http://model/score", json=x)',
      '    get("http://features")',
      '    return rq.request("GET", "http://x")',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code), [
      { at: '4:9', text: 'rq.post("http://model/score", json=x)' },
      { at: '5:5', text: 'get("http://features")' },
      { at: '6:12', text: 'rq.request("GET", "http://x")' },
    ]);
    const [first] = await findings(RULE, code);
    assert.equal(first.message, 'requests.post() has no timeout: a slow model server will hang this worker');
    assert.equal(first.severity, 'error');
  });

  it('flags methods of requests sessions bound to names, self attributes and with-targets', async () => {
    const code = [
      'import requests',
      'session = requests.Session()',
      'class Client:',
      '    def __init__(self):',
      '        self.http = requests.Session()',
      '    def fetch(self, url):',
      '        return self.http.get(url)',
      'def go(url):',
      '    session.post(url)',
      '    with requests.Session() as s:',
      '        s.put(url, data=b"")',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code)).map((f) => f.at),
      ['7:16', '9:5', '11:9'],
    );
    const messages = (await findings(RULE, code)).map((f) => f.message);
    assert.match(messages[0], /^self\.http\.get\(\) has no timeout/);
  });

  it('types a self attribute initialised to None and bound to a session in a setup method', async () => {
    const code = [
      'import requests',
      'class Handler:',
      '    def __init__(self):',
      '        self.http = None',
      '    def handle(self, data, context):',
      '        return self.http.post("http://m", json=data)',
      '    def initialize(self, context):',
      '        self.http = requests.Session()',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code), [{ at: '6:16', text: 'self.http.post("http://m", json=data)' }]);
    // Two different real bindings leave the attribute unknown.
    await assertClean(RULE, code.replace('        self.http = None', '        self.http = make_client()'));
  });

  it('flags urllib, http.client, socket, aiohttp and LLM clients built without a timeout', async () => {
    const code = [
      'import socket',
      'import aiohttp',
      'import openai',
      'from urllib.request import urlopen',
      'from http.client import HTTPSConnection, HTTPConnection',
      'from anthropic import AsyncAnthropic',
      'urlopen("http://x")',
      'HTTPConnection("host", 80)',
      'HTTPSConnection("host")',
      'socket.create_connection(("h", 1))',
      'aiohttp.ClientSession()',
      'client = openai.OpenAI()',
      'llm = AsyncAnthropic(api_key=k)',
      'az = openai.AzureOpenAI(api_version="2024-02-01")',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code)).map((f) => f.at),
      ['7:1', '8:1', '9:1', '10:1', '11:1', '12:10', '13:7', '14:6'],
    );
    const messages = (await findings(RULE, code)).map((f) => f.message);
    assert.match(messages[5], /^openai\.OpenAI\(\) has no timeout: the client's default waits 10 minutes/);
  });

  it('flags an explicit timeout=None, httpx included', async () => {
    const code = [
      'import aiohttp, httpx, requests',
      'httpx.get("http://x", timeout=None)',
      'c = httpx.AsyncClient(timeout=None)',
      'requests.get("http://x", timeout=None)',
      'async def f():',
      '    async with httpx.AsyncClient() as client:',
      '        await client.post("http://x", timeout=None)',
      '    async with aiohttp.ClientSession(timeout=t) as session:',
      '        await session.get("http://x", timeout=None)',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code)).map((f) => f.at),
      ['2:1', '3:5', '4:1', '7:15', '9:15'],
    );
    const messages = (await findings(RULE, code)).map((f) => f.message);
    assert.match(messages[0], /^httpx\.get\(\) is called with timeout=None/);
  });

  it('counts positional timeouts where the API takes one', async () => {
    await assertClean(
      RULE,
      [
        'import socket, http.client, urllib.request',
        'urllib.request.urlopen("http://x", None, 5)',
        'http.client.HTTPConnection("h", 80, 5)',
        'socket.create_connection(("h", 1), 5)',
        '',
      ].join('\n'),
    );
  });

  it('leaves alone **kwargs, httpx defaults, given timeouts, configured LLM clients and unknown objects', async () => {
    await assertClean(
      RULE,
      [
        'import requests, httpx, openai, aiohttp',
        'from anthropic import Anthropic',
        'def call(url, **kwargs):',
        '    requests.get(url, **kwargs)',
        '    requests.post(url, timeout=3)',
        '    httpx.get(url)',
        '    httpx.Client().get(url)',
        '    aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5))',
        '    openai.OpenAI(timeout=20.0)',
        '    openai.OpenAI(http_client=httpx.Client(timeout=30))',
        '    openai.OpenAI().with_options(timeout=5)',
        '    Anthropic(timeout=30, max_retries=2)',
        '    client.get(url)',
        '    session.post(url)',
        '    dict().get("a")',
        '',
      ].join('\n'),
    );
    // A local `get` or `requests` that is not the library.
    await assertClean(RULE, 'def get(url):\n    return url\nget("http://x")\n');
    await assertClean(RULE, 'class requests:\n    pass\nrequests.get("http://x")\n');
    // aiohttp requests inherit the session's timeout.
    await assertClean(
      RULE,
      'import aiohttp\nasync def f(t):\n    async with aiohttp.ClientSession(timeout=t) as s:\n        await s.get("http://x")\n',
    );
  });

  it('fixes by adding timeout=<defaultTimeoutSeconds> (HTTP) / <llmTimeoutSeconds> (LLM clients) or replacing None', async () => {
    const simple = await assertFixed(RULE, 'import requests\nrequests.get("http://x")\nrequests.get("http://y", timeout=None)\n');
    assert.equal(simple, 'import requests\nrequests.get("http://x", timeout=10)\nrequests.get("http://y", timeout=10)\n');
    assert.equal(
      await assertFixed(RULE, 'import openai\nclient = openai.OpenAI()\n'),
      'import openai\nclient = openai.OpenAI(timeout=60)\n',
    );
  });

  it('uses the configured defaultTimeoutSeconds in the fix', async () => {
    const analysis = await analyzeText({
      path: 'app/serve.py',
      text: 'import requests\nrequests.get("http://x")\n',
      severities: severitiesFrom(undefined, {}, { select: [RULE] }),
      options: { defaultTimeoutSeconds: 3 },
    });
    assert.equal(analysis.findings[0].fix?.description, 'Add timeout=3');
    assert.deepEqual(analysis.findings[0].fix?.edits, [{ start: 39, end: 39, text: ', timeout=3' }]);
  });

  it('fixes multi-line calls, with and without a trailing comma, keeping the indentation', async () => {
    const trailing = await assertFixed(
      RULE,
      ['import requests', 'def f(x):', '    return requests.post(', '        "http://x",', '        json=x,', '    )', ''].join('\n'),
    );
    assert.equal(
      trailing,
      [
        'import requests',
        'def f(x):',
        '    return requests.post(',
        '        "http://x",',
        '        json=x,',
        '        timeout=10,',
        '    )',
        '',
      ].join('\n'),
    );
    const bare = await assertFixed(RULE, 'import requests\r\nrequests.post(\r\n    "http://x",\r\n    json={}\r\n)\r\n');
    assert.equal(bare, 'import requests\r\nrequests.post(\r\n    "http://x",\r\n    json={}, timeout=10\r\n)\r\n');
  });

  describe('LangChain chat models, openai 0.x and tritonclient (R2.3)', () => {
    it('flags LangChain chat models built without a timeout, at module scope too, on the constructor', async () => {
      const code = [
        'from langchain_openai import ChatOpenAI, AzureChatOpenAI',
        'import langchain_anthropic',
        'from langchain.chat_models import ChatOpenAI as LegacyChat',
        'llm = ChatOpenAI(model="gpt-4o")',
        'def build():',
        '    return AzureChatOpenAI(',
        '        azure_deployment="d",',
        '    )',
        'claude = langchain_anthropic.ChatAnthropic(model="claude-3", timeout=None)',
        'old = LegacyChat()',
        '',
      ].join('\n');
      assert.deepEqual(await located(RULE, code), [
        { at: '4:7', text: 'ChatOpenAI(model="gpt-4o")' },
        { at: '6:12', text: 'AzureChatOpenAI(\n        azure_deployment="d",\n    )' },
        { at: '9:10', text: 'langchain_anthropic.ChatAnthropic(model="claude-3", timeout=None)' },
        { at: '10:7', text: 'LegacyChat()' },
      ]);
      const messages = (await findings(RULE, code)).map((f) => f.message);
      assert.equal(
        messages[0],
        'ChatOpenAI() has no timeout: LangChain passes timeout=None to the OpenAI SDK, which switches off its 10-minute default, so a stalled call holds this worker indefinitely',
      );
      assert.equal(
        messages[2],
        'ChatAnthropic() is called with timeout=None: the SDK never times out, so a stalled API call holds this worker indefinitely',
      );
      // The legacy class only knows the field name, so the message (and the fix) use request_timeout.
      assert.match(messages[3], /^ChatOpenAI\(\) has no request_timeout: /);
    });

    it('leaves LangChain models given a timeout, a client, or **kwargs, and same-named local classes', async () => {
      await assertClean(
        RULE,
        [
          'from langchain_openai import ChatOpenAI',
          'from langchain_anthropic import ChatAnthropic',
          'a = ChatOpenAI(timeout=30)',
          'b = ChatOpenAI(request_timeout=30)',
          'c = ChatAnthropic(default_request_timeout=30)',
          'd = ChatOpenAI(http_client=make_client())',
          'e = ChatAnthropic(**settings)',
          'import requests',
          'class ChatModel: ...',
          'f = ChatModel()',
          '',
        ].join('\n'),
      );
      await assertClean(RULE, 'import requests\nclass ChatOpenAI:\n    pass\nllm = ChatOpenAI()\n');
    });

    it('flags openai 0.x calls without request_timeout; timeout= alone does not bound the request', async () => {
      const code = [
        'import openai',
        'from openai import Completion',
        'r = openai.ChatCompletion.create(model="m", messages=[], timeout=5)',
        'async def f():',
        '    return await Completion.acreate(model="m", prompt="p")',
        'ok = openai.ChatCompletion.create(model="m", messages=[], request_timeout=20)',
        '',
      ].join('\n');
      assert.deepEqual(
        (await located(RULE, code)).map((f) => f.at),
        ['3:5', '5:18'],
      );
      const [first] = await findings(RULE, code);
      assert.equal(
        first.message,
        'openai.ChatCompletion.create() has no request_timeout: openai 0.x waits up to 10 minutes for the response, holding this worker that long (its timeout= only bounds retries while the engine is busy, not the HTTP request)',
      );
    });

    it('flags a Triton HTTP client without network_timeout (connection_timeout alone does not count) and gRPC infer without client_timeout', async () => {
      const code = [
        'import tritonclient.http as httpclient',
        'import tritonclient.grpc as grpcclient',
        'from tritonclient.grpc import InferenceServerClient',
        'http = httpclient.InferenceServerClient(url="triton:8000", connection_timeout=5)',
        'ok_http = httpclient.InferenceServerClient("triton:8000", False, 1, 5.0, 10.0)',
        'ok_http2 = httpclient.InferenceServerClient(url="triton:8000", network_timeout=10)',
        'grpc = grpcclient.InferenceServerClient(url="triton:8001")',
        'class Runner:',
        '    def __init__(self):',
        '        self.client = InferenceServerClient("triton:8001")',
        '    def run(self, inputs):',
        '        return self.client.infer("m", inputs, timeout=1000)',
        'def go(inputs):',
        '    grpc.infer("m", inputs)',
        '    grpc.infer("m", inputs, client_timeout=2)',
        '    http.infer("m", inputs)',
        '    with grpcclient.InferenceServerClient("triton:8001") as c:',
        '        c.infer(model_name="m", inputs=inputs)',
        '',
      ].join('\n');
      assert.deepEqual(
        (await located(RULE, code)).map((f) => f.at),
        ['4:8', '12:16', '14:5', '18:9'],
      );
      const messages = (await findings(RULE, code)).map((f) => f.message);
      assert.equal(
        messages[0],
        "tritonclient.http.InferenceServerClient() has no network_timeout: every request may wait the library's 60 s default on a stalled Triton server (connection_timeout only bounds connecting)",
      );
      assert.equal(
        messages[1],
        'self.client.infer() has no client_timeout: a gRPC request to a stalled Triton server waits forever, holding this worker (timeout= is the server-side queue timeout, not the client wait)',
      );
    });

    it('fixes LLM clients with llmTimeoutSeconds and model-server clients with defaultTimeoutSeconds, creating no other finding', async () => {
      const fixed = await assertFixedAlone(
        RULE,
        [
          'import openai',
          'import requests',
          'import tritonclient.grpc as grpcclient',
          'import tritonclient.http as httpclient',
          'from langchain.chat_models import ChatAnthropic as LegacyClaude',
          'from langchain_anthropic import ChatAnthropic',
          'from langchain_openai import ChatOpenAI',
          'llm = ChatOpenAI(model="gpt-4o", max_tokens=256)',
          'claude = ChatAnthropic(model="c", timeout=None, max_tokens=256)',
          'old = LegacyClaude(max_tokens=256)',
          'http = httpclient.InferenceServerClient(url="triton:8000")',
          'grpc = grpcclient.InferenceServerClient(url="triton:8001")',
          'def go(inputs):',
          '    grpc.infer("m", inputs)',
          '    requests.get("http://features")',
          '    return openai.ChatCompletion.create(model="m", messages=[], max_tokens=5)',
          '',
        ].join('\n'),
      );
      assert.equal(
        fixed,
        [
          'import openai',
          'import requests',
          'import tritonclient.grpc as grpcclient',
          'import tritonclient.http as httpclient',
          'from langchain.chat_models import ChatAnthropic as LegacyClaude',
          'from langchain_anthropic import ChatAnthropic',
          'from langchain_openai import ChatOpenAI',
          'llm = ChatOpenAI(model="gpt-4o", max_tokens=256, timeout=60)',
          'claude = ChatAnthropic(model="c", timeout=60, max_tokens=256)',
          'old = LegacyClaude(max_tokens=256, default_request_timeout=60)',
          'http = httpclient.InferenceServerClient(url="triton:8000", network_timeout=10)',
          'grpc = grpcclient.InferenceServerClient(url="triton:8001")',
          'def go(inputs):',
          '    grpc.infer("m", inputs, client_timeout=10)',
          '    requests.get("http://features", timeout=10)',
          '    return openai.ChatCompletion.create(model="m", messages=[], max_tokens=5, request_timeout=60)',
          '',
        ].join('\n'),
      );
    });

    it('reads llmTimeoutSeconds and defaultTimeoutSeconds from the options', async () => {
      const fixed = await fixedWith(
        RULE,
        'import requests\nfrom openai import OpenAI\nclient = OpenAI()\nrequests.get("http://x")\n',
        'app/serve.py',
        { defaultTimeoutSeconds: 3, llmTimeoutSeconds: 120 },
      );
      assert.equal(
        fixed,
        'import requests\nfrom openai import OpenAI\nclient = OpenAI(timeout=120)\nrequests.get("http://x", timeout=3)\n',
      );
    });

    it('marks its fixes safe', async () => {
      const found = await findings(RULE, 'from langchain_openai import ChatOpenAI\nllm = ChatOpenAI()\n');
      assert.equal(found[0].fix?.safe, true);
    });
  });
});
