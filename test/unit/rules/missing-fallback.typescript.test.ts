import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, located } from '../helpers';
import { assertFixedAlone } from './fixSafety';
import { assertCleanTs as assertClean } from '../tsHelpers';

const RULE = 'missing-fallback';

const HEAD = ["import express from 'express';", "import axios from 'axios';", 'const app = express();'];

describe('missing-fallback (ts/js)', () => {
  it('flags remote and model calls in handlers with no try/catch or .catch', async () => {
    const code = [
      ...HEAD,
      "app.post('/score', async (req, res) => {",
      "  const features = await fetch('http://fs/x', { signal: AbortSignal.timeout(1000) });",
      "  const { data } = await axios.post('http://model/predict', {}, { timeout: 1000 });",
      "  const out = await openai.chat.completions.create({ model: 'm', messages: [], max_tokens: 5 });",
      '  const y = model.predict(x);',
      '  res.json({ features, data, out, y });',
      '});',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code, 'src/server.ts')).map((finding) => finding.at),
      ['5:26', '6:26', '7:21', '8:13'],
    );
  });

  it('accepts a try/catch with a real handler, a .catch chain and awaited promise callbacks', async () => {
    await assertClean(
      RULE,
      [
        ...HEAD,
        "app.post('/score', async (req, res) => {",
        '  try {',
        "    const r = await fetch('http://x');",
        '    await Promise.all(req.body.items.map(async (item) => axios.get(item)));',
        '    res.json(r);',
        '  } catch (err) {',
        '    res.status(503).json({ fallback: true });',
        '  }',
        "  const cached = await fetch('http://y').catch(() => null);",
        "  axios.get('http://z').then(ok, fail);",
        '});',
        "export async function job() { await fetch('http://batch'); }",
        "app.get('/id', (req, res) => res.json({ id: shortid.generate(), p: passwords.generate() }));",
        '',
      ].join('\n'),
      'src/server.ts',
    );
  });

  it('does not count a catch that only rethrows, nor a try outside a deferred callback', async () => {
    const code = [
      ...HEAD,
      "app.post('/score', async (req, res) => {",
      '  try {',
      "    await fetch('http://x');",
      "    setTimeout(function () { fetch('http://later'); }, 10);",
      '  } catch (err) {',
      '    throw err;',
      '  }',
      '});',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code, 'src/server.ts')).map((finding) => finding.at),
      ['6:11', '7:30'],
    );
  });

  it('fixes by wrapping the rest of the handler in try/catch that logs and answers 503', async () => {
    const fixed = await assertFixedAlone(
      RULE,
      [
        ...HEAD,
        "app.post('/score', async (req, res) => {",
        "  const { data } = await axios.post('http://model/predict', req.body);",
        '  res.json(data);',
        '});',
        '',
      ].join('\n'),
      'src/server.ts',
    );
    assert.equal(
      fixed.split('\n').slice(3).join('\n'),
      [
        "app.post('/score', async (req, res) => {",
        '  try {',
        "    const { data } = await axios.post('http://model/predict', req.body);",
        '    res.json(data);',
        '  } catch (err) {',
        '    console.error(err);',
        "    return res.status(503).json({ error: 'upstream service unavailable' });",
        '  }',
        '});',
        '',
      ].join('\n'),
    );
  });

  it("answers in the framework's idiom: Next.js Response.json", async () => {
    const fixed = await assertFixedAlone(
      RULE,
      "export async function POST(req: Request) {\n  const r = await fetch('http://model');\n  return Response.json(await r.json());\n}\n",
      'app/api/score/route.ts',
    );
    assert.match(fixed, /return Response\.json\(\{ error: "upstream service unavailable" \}, \{ status: 503 \}\);/);
  });

  it("flags LangChain chat models' invoke as a model call, and says what Express 4 does with the rejection", async () => {
    const code = [
      "import express from 'express';",
      "import { ChatOpenAI } from '@langchain/openai';",
      'const app = express();',
      "const llm = new ChatOpenAI({ model: 'gpt-4o', timeout: 30000, maxTokens: 256 });",
      "app.post('/chat', async (req, res) => {",
      '  const answer = await llm.invoke(req.body.q);',
      '  const other = await chain.invoke(req.body.q);',
      '  res.json({ answer, other });',
      '});',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code, 'src/server.ts'), [{ at: '6:24', text: 'llm.invoke(req.body.q)' }]);
    const [finding] = await findings(RULE, code, 'src/server.ts');
    assert.equal(
      finding.message,
      'llm.invoke() has no error handling: when the model fails or times out, Express 4 leaves the rejection unhandled and the request hanging (Express 5 answers a generic 500); catch it, log it and answer 503',
    );
    assert.equal(finding.fix?.safe, false);
  });
});
