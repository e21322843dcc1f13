import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { analyzeText } from '../../../src/session/engine';
import { TsModule } from '../../../src/parsers/typescript/module';
import { flatten, parseTypeScript } from '../../../src/parsers/typescript/parse';

function moduleOf(text: string, path = 'src/server.ts'): TsModule {
  const parsed = parseTypeScript(text, path);
  if ('error' in parsed) throw new Error(parsed.error);
  return new TsModule(path, text, flatten(parsed.program));
}

function servingNames(text: string, path?: string): string[] {
  const module = moduleOf(text, path);
  return module.servingFunctions.map((fn) => text.slice(fn.nameStart, fn.nameEnd));
}

describe('TS/JS adapter', () => {
  it('keeps the findings of the rest of the file when blanking the broken line lets it parse', async () => {
    const text = "const a = fetch('http://a');\nconst b = ;\nconst c = fetch('http://c', { method: 'POST' });\n";
    const analysis = await analyzeText({ path: 'src/a.ts', text });
    assert.equal(analysis.skipped, undefined);
    assert.deepEqual(
      analysis.findings.map((finding) => text.slice(finding.start, finding.end)),
      ["fetch('http://a')", "fetch('http://c', { method: 'POST' })"],
    );
    // A half-typed call: the error is reported on the next line, the cause is on this one.
    const typing = "const a = fetch('http://a');\nconst b = fetch(\nconst c = 1;\n";
    const partial = await analyzeText({ path: 'src/b.ts', text: typing });
    assert.deepEqual(
      partial.findings.map((finding) => typing.slice(finding.start, finding.end)),
      ["fetch('http://a')"],
    );
  });

  it('reports nothing for a file that cannot be recovered, and says where the syntax error is', async () => {
    const analysis = await analyzeText({ path: 'src/a.ts', text: "function f() {\n  fetch('x');\n\nconst z = 1;\n" });
    assert.deepEqual(analysis.findings, []);
    assert.match(analysis.skipped ?? '', /^syntax error at \d+:\d+: /);
  });

  it('honours // prodready: ignore[...] comments on the line and the line above', async () => {
    const text = [
      "fetch('http://a'); // prodready: ignore[missing-timeout]",
      '// prodready: ignore[missing-timeout]',
      "fetch('http://b');",
      "fetch('http://c');",
      '',
    ].join('\n');
    const analysis = await analyzeText({ path: 'src/a.ts', text });
    assert.deepEqual(
      analysis.findings.map((finding) => text.slice(finding.start, finding.end)),
      ["fetch('http://c')"],
    );
  });

  it('parses JSX in .tsx/.jsx/.js and type assertions in .ts', async () => {
    for (const [path, text] of [
      ['a.tsx', 'const x = <div>{fetch("u")}</div>;\n'],
      ['a.jsx', 'const x = <div />;\n'],
      ['a.js', 'const x = <div />;\n'],
      ['a.ts', 'const x = <number>y;\n'],
      ['a.mjs', 'export const a = 1;\n'],
      ['a.cts', 'import fs = require("fs");\n'],
    ]) {
      assert.ok(!('error' in parseTypeScript(text, path)), path);
    }
  });

  it('emits environment reads with whether they have a fallback', async () => {
    const text = [
      'const a = process.env.MODEL_URL;',
      "const b = process.env.PORT ?? '3000';",
      'const c = Number(process.env.WORKERS) || 2;',
      "const d = process.env['API_TOKEN'];",
      "const { REGION = 'eu', BUCKET } = process.env;",
      'process.env.SET_HERE = "1";',
      'function f(process: any) { return process.env.SHADOWED; }',
      '',
    ].join('\n');
    const analysis = await analyzeText({ path: 'src/config.ts', text });
    assert.deepEqual(
      analysis.facts?.envReads?.map((read) => `${read.name}:${read.hasDefault}`),
      ['MODEL_URL:false', 'PORT:true', 'WORKERS:true', 'API_TOKEN:false', 'REGION:true', 'BUCKET:false'],
    );
    assert.equal(text.slice(analysis.facts!.envReads![0].start, analysis.facts!.envReads![0].end), 'process.env.MODEL_URL');
  });

  it('emits environment reads through process imported from node:process and env taken from it', async () => {
    const text = [
      "import proc, { env } from 'node:process';",
      'const a = proc.env.MODEL_URL;',
      "const b = env.PORT ?? '3000';",
      'const vars = proc.env;',
      "const { REGION = 'eu' } = vars;",
      'const c = vars.BUCKET;',
      'function f(env: any) { return env.SHADOWED; }',
      '',
    ].join('\n');
    const analysis = await analyzeText({ path: 'src/config.ts', text });
    assert.deepEqual(
      analysis.facts?.envReads?.map((read) => `${read.name}:${read.hasDefault}`),
      ['MODEL_URL:false', 'PORT:true', 'REGION:true', 'BUCKET:false'],
    );
  });

  it('finds route callbacks of Express, routers, Fastify plugins, Koa and Hono, incl. handlers passed by name', () => {
    assert.deepEqual(
      servingNames(
        [
          "const express = require('express');",
          'const app = express();',
          'const router = express.Router();',
          'function health(req, res) { res.end(); }',
          "app.get('/health', health);",
          "router.post('/score', auth, async function score(req, res) {});",
          'function auth(req, res, next) { next(); }',
          '',
        ].join('\n'),
        'src/app.js',
      ),
      ['health', 'score', 'auth'],
    );
    assert.deepEqual(
      servingNames(
        "import type { FastifyInstance } from 'fastify';\nexport default async function plugin(fastify: FastifyInstance) {\n  fastify.get('/x', async (request, reply) => ({}));\n}\n",
      ),
      ['fastify.get'],
    );
    assert.deepEqual(
      servingNames(
        "import { Hono } from 'hono';\nconst app = new Hono();\nconst predict = async (c) => c.json({});\napp.post('/predict', predict);\n",
      ),
      ['predict'],
    );
  });

  it('finds handlers wrapped by asyncHandler-style helpers', () => {
    assert.deepEqual(
      servingNames(
        "import express from 'express';\nconst app = express();\nconst score = async (req, res) => {};\napp.post('/score', validate(schema), asyncHandler(score));\n",
      ),
      ['score'],
    );
  });

  it("finds handlers of Express's app.route(path) chains", () => {
    assert.deepEqual(
      servingNames(
        "import express from 'express';\nconst app = express();\napp.route('/book').get(function list(req, res) {}).post(function add(req, res) {});\n",
      ),
      ['list', 'add'],
    );
  });

  it('finds Next.js route exports and pages/api default exports by file location only', () => {
    const route =
      'export async function GET() { return new Response("ok"); }\nexport const POST = async (req: Request) => Response.json({});\nexport function helper() {}\n';
    assert.deepEqual(servingNames(route, 'src/app/api/score/route.ts'), ['GET', 'POST']);
    assert.deepEqual(servingNames(route, 'src/lib/score.ts'), []);
    assert.deepEqual(servingNames('export default async function handler(req, res) { res.json({}); }\n', 'pages/api/score.js'), [
      'handler',
    ]);
  });

  it('does not take HTTP clients, caches or maps for apps', () => {
    assert.deepEqual(
      servingNames(
        [
          "import axios from 'axios';",
          'const api = axios.create();',
          "api.get('/users', (r) => r);",
          "cache.get('/key', () => compute());",
          "routes.get('/x', () => 1);",
          '',
        ].join('\n'),
      ),
      [],
    );
  });

  it('resolves imports, requires, instances and class fields to qualified names', () => {
    const text = [
      "import ax, { create as make } from 'axios';",
      "import * as ns from 'node:https';",
      "const { OpenAI } = require('openai');",
      'const api = make();',
      'class Service {',
      '  private client = new OpenAI();',
      '  run() { return this.client.chat.completions.create({}); }',
      '}',
      'const used = [ax.get, ns.request, api.post];',
      '',
    ].join('\n');
    const module = moduleOf(text);
    const array = module.nodes.find((node): node is TSESTree.ArrayExpression => node.type === 'ArrayExpression')!;
    assert.deepEqual(
      array.elements.map((element) => module.qualify(element)),
      ['axios.get', 'https.request', 'axios.create().post'],
    );
    const create = module.nodes.find(
      (node): node is TSESTree.CallExpression =>
        node.type === 'CallExpression' && text.slice(node.range[0], node.range[1]).startsWith('this.client'),
    )!;
    assert.equal(module.qualify(create.callee), 'openai.OpenAI().chat.completions.create');
  });
});
