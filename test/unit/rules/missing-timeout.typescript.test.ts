import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../src/session/engine';
import { severitiesFrom } from '../../../src/core/config';
import { assertFixed, findings, located } from '../helpers';
import { assertCleanTs as assertClean } from '../tsHelpers';
import { assertFixedAlone } from './fixSafety';

const RULE = 'missing-timeout';
const TS = 'src/gateway.ts';

describe('missing-timeout (ts/js)', () => {
  it('flags fetch, axios calls and create, http(s) requests and LLM clients at the callee', async () => {
    const code = [
      "import axios from 'axios';",
      "import OpenAI from 'openai';",
      "import Anthropic from '@anthropic-ai/sdk';",
      "import https from 'node:https';",
      "const api = axios.create({ baseURL: 'http://model:8000' });",
      'const openai = new OpenAI();',
      'const claude = new Anthropic({ apiKey: process.env.KEY });',
      'export async function score(url: string) {',
      "  await fetch(url, { method: 'POST' });",
      '  await axios.post(url, { a: 1 });',
      '  await axios({ url, method: "get" });',
      '  https.get(url, (res) => res.resume());',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code, TS)).map((finding) => finding.at),
      ['5:13', '6:20', '7:20', '9:9', '10:9', '11:9', '12:3'],
    );
  });

  it('resolves aliases and CommonJS require, including destructuring', async () => {
    const code = [
      "const http = require('http');",
      "const { get: fetchJson } = require('axios');",
      "const ax = require('axios').default;",
      "import { OpenAI as Client } from 'openai';",
      "fetchJson('http://x');",
      "ax.delete('http://x');",
      "http.request({ host: 'x', path: '/' });",
      'new Client({ maxRetries: 2 });',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code, 'lib/client.js')).map((finding) => finding.text.split('(')[0]),
      ['fetchJson', 'ax.delete', 'http.request', 'Client'],
    );
  });

  it('leaves calls with a timeout or signal, opaque or spread options, and shadowed names alone', async () => {
    await assertClean(
      RULE,
      [
        "import axios from 'axios';",
        "import OpenAI from 'openai';",
        'const init = { method: "POST" };',
        'const base = { timeout: 1000 };',
        "fetch('http://x', init);",
        "fetch('http://x', { ...init });",
        "fetch('http://x', { signal: AbortSignal.timeout(500) });",
        "axios.get('http://x', { timeout: 2000 });",
        "axios.get('http://x', base);",
        "axios.create({ ...base, baseURL: 'http://x' });",
        'new OpenAI({ timeout: 20_000 });',
        'new OpenAI(options);',
        'function local(fetch: (u: string) => void, axios: any) { fetch("x"); axios.get("y"); }',
        '',
      ].join('\n'),
      TS,
    );
  });

  it('trusts axios.defaults.timeout and an http request whose setTimeout is called', async () => {
    await assertClean(RULE, "import axios from 'axios';\naxios.defaults.timeout = 5000;\naxios.get('http://x');\naxios.create();\n", TS);
    await assertClean(RULE, "import http from 'http';\nconst req = http.request(url, (res) => res.resume());\nreq.setTimeout(1000);\n", TS);
  });

  it('does not tie unrelated libraries to these clients', async () => {
    await assertClean(
      RULE,
      "import got from 'got';\nimport ky from 'ky';\ngot.get('http://x');\nky.post('http://x');\nclient.get('/x');\n",
      TS,
    );
  });

  it('fixes by adding signal / timeout, with defaultTimeoutSeconds (llmTimeoutSeconds for LLM clients) in milliseconds', async () => {
    const fixed = await assertFixed(
      RULE,
      [
        "import axios from 'axios';",
        "import OpenAI from 'openai';",
        'const api = axios.create({',
        "  baseURL: 'http://model:8000',",
        '});',
        'const openai = new OpenAI();',
        'const claude = new OpenAI;',
        'async function go(url: string) {',
        '  await fetch(url);',
        "  await fetch(url, { method: 'POST' });",
        '  await axios.post(url);',
        '  await axios.get(url, {});',
        '}',
        '',
      ].join('\n'),
      TS,
    );
    assert.match(fixed, /baseURL: 'http:\/\/model:8000',\n {2}timeout: 10000,\n\}\);/);
    assert.match(fixed, /new OpenAI\(\{ timeout: 60000 \}\);\nconst claude = new OpenAI\(\{ timeout: 60000 \}\);/);
    assert.match(fixed, /await fetch\(url, \{ signal: AbortSignal\.timeout\(10000\) \}\);/);
    assert.match(fixed, /await fetch\(url, \{ method: 'POST', signal: AbortSignal\.timeout\(10000\) \}\);/);
    assert.match(fixed, /await axios\.post\(url, undefined, \{ timeout: 10000 \}\);/);
    assert.match(fixed, /await axios\.get\(url, \{ timeout: 10000 \}\);/);
  });

  it('uses the configured timeout', async () => {
    const analysis = await analyzeText({
      path: TS,
      text: "fetch('http://x');\n",
      severities: severitiesFrom(undefined, {}, { select: [RULE] }),
      options: { defaultTimeoutSeconds: 2.5 },
    });
    assert.equal(analysis.findings[0].fix?.edits[0].text, ', { signal: AbortSignal.timeout(2500) }');
  });

  it('flags LangChain chat models without a timeout (ChatAnthropic: clientOptions.timeout), on the constructor', async () => {
    const code = [
      "import { ChatOpenAI, AzureChatOpenAI } from '@langchain/openai';",
      "import { ChatAnthropic } from '@langchain/anthropic';",
      "const llm = new ChatOpenAI({ model: 'gpt-4o' });",
      'const azure = new AzureChatOpenAI();',
      "const claude = new ChatAnthropic({ model: 'claude', clientOptions: { maxRetries: 1 } });",
      'const ok1 = new ChatOpenAI({ timeout: 30000 });',
      'const ok2 = new ChatOpenAI({ configuration: { timeout: 30000 } });',
      'const ok3 = new ChatAnthropic({ clientOptions: { timeout: 30000 } });',
      'const ok4 = new ChatOpenAI(options);',
      'const ok5 = new ChatAnthropic({ clientOptions });',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code, TS)).map((finding) => finding.at),
      ['3:17', '4:19', '5:20'],
    );
    const [first] = await findings(RULE, code, TS);
    assert.equal(
      first.message,
      "new ChatOpenAI() has no timeout: every call falls back to the OpenAI SDK's default of 10 minutes per attempt, with retries on top",
    );
  });

  it('fixes LangChain models with llmTimeoutSeconds in milliseconds, creating no other finding', async () => {
    const fixed = await assertFixedAlone(
      RULE,
      [
        "import { ChatOpenAI } from '@langchain/openai';",
        "import { ChatAnthropic } from '@langchain/anthropic';",
        "const llm = new ChatOpenAI({ model: 'gpt-4o', maxTokens: 256 });",
        'const claude = new ChatAnthropic({ maxTokens: 256, clientOptions: { maxRetries: 1 } });',
        'const bare = new ChatAnthropic({ maxTokens: 256 });',
        '',
      ].join('\n'),
      TS,
    );
    assert.equal(
      fixed,
      [
        "import { ChatOpenAI } from '@langchain/openai';",
        "import { ChatAnthropic } from '@langchain/anthropic';",
        "const llm = new ChatOpenAI({ model: 'gpt-4o', maxTokens: 256, timeout: 60000 });",
        'const claude = new ChatAnthropic({ maxTokens: 256, clientOptions: { maxRetries: 1, timeout: 60000 } });',
        'const bare = new ChatAnthropic({ maxTokens: 256, clientOptions: { timeout: 60000 } });',
        '',
      ].join('\n'),
    );
  });
});
