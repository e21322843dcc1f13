import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertFixed, findings, located } from '../helpers';
import { assertCleanTs as assertClean } from '../tsHelpers';
import { assertFixedAlone } from './fixSafety';

const RULE = 'unbounded-generation';

const HEAD = [
  "import express from 'express';",
  "import OpenAI from 'openai';",
  'const app = express();',
  'const openai = new OpenAI({ timeout: 10_000 });',
];

describe('unbounded-generation (ts/js)', () => {
  it('flags LLM calls without an output cap in serving code', async () => {
    const code = [
      ...HEAD,
      "import { generateText } from 'ai';",
      "app.post('/explain', async (req, res) => {",
      "  const a = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [] });",
      "  const b = await anthropic.messages.create({ model: 'claude-3-5-haiku-latest', messages: [] });",
      "  const c = await generateText({ model, prompt: 'hi' });",
      "  const d = await openai.responses.create({ model: 'gpt-4o-mini', input: 'hi' });",
      '  res.json({ a, b, c, d });',
      '});',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code, 'src/server.ts')).map((finding) => finding.at),
      ['7:19', '8:19', '9:19', '10:19'],
    );
  });

  it('leaves capped calls, opaque arguments, non-LLM messages.create and code outside serving alone', async () => {
    await assertClean(
      RULE,
      [
        ...HEAD,
        "app.post('/explain', async (req, res) => {",
        "  await openai.chat.completions.create({ model: 'm', messages: [], max_tokens: 100 });",
        "  await openai.chat.completions.create({ model: 'm', messages: [], max_completion_tokens: 100 });",
        '  await openai.chat.completions.create(params);',
        "  await openai.chat.completions.create({ ...defaults, model: 'm' });",
        "  await twilio.messages.create({ body: 'hi', to: '+1', from: '+2' });",
        '  res.end();',
        '});',
        "export async function batch() { await openai.chat.completions.create({ model: 'm', messages: [] }); }",
        '',
      ].join('\n'),
      'src/server.ts',
    );
  });

  it('flags transformers.js generation pipelines and tokenizers on request data, and fixes them', async () => {
    const code = [
      "import express from 'express';",
      "import { pipeline, AutoTokenizer } from '@xenova/transformers';",
      'const app = express();',
      "const generator = await pipeline('text-generation', 'Xenova/gpt2');",
      "const classifier = await pipeline('sentiment-analysis');",
      "const tokenizer = await AutoTokenizer.from_pretrained('Xenova/bert-base-uncased');",
      "app.post('/generate', async (req, res) => {",
      '  const out = await generator(req.body.prompt, { temperature: 0.7 });',
      '  const ids = tokenizer(req.body.prompt);',
      '  const label = await classifier(req.body.prompt);',
      '  const capped = await generator(req.body.prompt, { max_new_tokens: 64 });',
      "  const fixedIds = tokenizer('hello');",
      '  res.json({ out, ids, label, capped, fixedIds });',
      '});',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code, 'src/server.ts')).map((finding) => finding.at),
      ['8:21', '9:15'],
    );
    const fixed = await assertFixed(RULE, code, 'src/server.ts');
    assert.match(fixed, /generator\(req\.body\.prompt, \{ temperature: 0\.7, max_new_tokens: 256 \}\)/);
    assert.match(fixed, /tokenizer\(req\.body\.prompt, \{ truncation: true, max_length: 512 \}\)/);
  });

  it('fixes by adding max_tokens: 256', async () => {
    const fixed = await assertFixed(
      RULE,
      [
        ...HEAD,
        "app.post('/x', async (req, res) => {",
        "  res.json(await openai.chat.completions.create({ model: 'm', messages: [] }));",
        '});',
        '',
      ].join('\n'),
      'src/server.ts',
    );
    assert.match(fixed, /create\(\{ model: 'm', messages: \[\], max_tokens: 256 \}\)/);
  });

  it('flags LangChain chat models built without maxTokens anywhere in the module, and fixes them safely', async () => {
    const code = [
      "import { ChatOpenAI } from '@langchain/openai';",
      "import { ChatAnthropic } from '@langchain/anthropic';",
      "const llm = new ChatOpenAI({ model: 'gpt-4o', timeout: 30000 });",
      'const claude = new ChatAnthropic({ clientOptions: { timeout: 30000 } });',
      'const ok1 = new ChatOpenAI({ maxTokens: 512, timeout: 30000 });',
      'const ok2 = new ChatOpenAI({ modelKwargs: { max_tokens: 512 }, timeout: 30000 });',
      'const ok3 = new ChatOpenAI(config);',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code, 'src/llm.ts')).map((finding) => finding.at),
      ['3:17', '4:20'],
    );
    const messages = (await findings(RULE, code, 'src/llm.ts')).map((f) => f.message);
    assert.match(
      messages[1],
      /^new ChatAnthropic\(\) has no maxTokens: every call gets the package's default \(2,048 tokens in @langchain\/anthropic\)/,
    );
    const fixed = await assertFixedAlone(RULE, code, 'src/llm.ts');
    assert.match(fixed, /new ChatOpenAI\(\{ model: 'gpt-4o', timeout: 30000, maxTokens: 256 \}\)/);
    assert.match(fixed, /new ChatAnthropic\(\{ clientOptions: \{ timeout: 30000 \}, maxTokens: 256 \}\)/);
  });
});
