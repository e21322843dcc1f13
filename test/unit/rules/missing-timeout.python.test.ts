import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../src/session/engine';
import { severitiesFrom } from '../../../src/core/config';
import { assertClean, assertFixed, findings, located } from '../helpers';

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

  it('fixes by adding timeout=<defaultTimeoutSeconds> or replacing None', async () => {
    const simple = await assertFixed(RULE, 'import requests\nrequests.get("http://x")\nrequests.get("http://y", timeout=None)\n');
    assert.equal(simple, 'import requests\nrequests.get("http://x", timeout=10)\nrequests.get("http://y", timeout=10)\n');
    assert.equal(
      await assertFixed(RULE, 'import openai\nclient = openai.OpenAI()\n'),
      'import openai\nclient = openai.OpenAI(timeout=10)\n',
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
});
