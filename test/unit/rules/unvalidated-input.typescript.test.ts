import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { located } from '../helpers';
import { assertCleanTs as assertClean } from '../tsHelpers';

const RULE = 'unvalidated-input';

describe('unvalidated-input (ts/js)', () => {
  it('flags req.body.x and destructuring in Express handlers, on the raw access', async () => {
    const code = [
      "import express from 'express';",
      'const app = express();',
      "app.post('/score', (req, res) => {",
      '  const amount = req.body.amount;',
      '  const { merchant } = req.body;',
      "  res.json({ amount, merchant, id: req.body['id'] });",
      '});',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code, 'src/server.ts'), [
      { at: '4:18', text: 'req.body.amount' },
      { at: '5:24', text: 'req.body' },
      { at: '6:36', text: "req.body['id']" },
    ]);
  });

  it('covers Fastify request.body, Koa ctx.request.body, Hono c.req.json() and Next.js req.json()', async () => {
    const fastify =
      "import Fastify from 'fastify';\nconst app = Fastify();\napp.post('/x', async (request, reply) => request.body.text);\n";
    assert.deepEqual(
      (await located(RULE, fastify, 'src/a.ts')).map((f) => f.text),
      ['request.body.text'],
    );
    const koa =
      "import Router from '@koa/router';\nconst router = new Router();\nrouter.post('/x', async (ctx) => { ctx.body = ctx.request.body.text; });\n";
    assert.deepEqual(
      (await located(RULE, koa, 'src/b.ts')).map((f) => f.text),
      ['ctx.request.body.text'],
    );
    const hono =
      "import { Hono } from 'hono';\nconst app = new Hono();\napp.post('/x', async (c) => {\n  const body = await c.req.json();\n  return c.json({ a: (await c.req.json()).prompt, b: body.prompt });\n});\n";
    assert.deepEqual(
      (await located(RULE, hono, 'src/c.ts')).map((f) => f.text),
      ['(await c.req.json()).prompt', 'body.prompt'],
    );
    const next =
      'export async function POST(req: Request) {\n  const { prompt } = await req.json();\n  return Response.json({ prompt });\n}\n';
    assert.deepEqual(
      (await located(RULE, next, 'app/api/chat/route.ts')).map((f) => f.at),
      ['2:22'],
    );
  });

  it('treats controller functions typed with the framework request and response as handlers', async () => {
    const code = [
      "import type { Request, Response } from 'express';",
      'export async function score(req: Request, res: Response) {',
      '  res.json({ amount: req.body.amount });',
      '}',
      'export function helper(req: Request) { return req.body.amount; }',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code, 'src/controllers/score.ts'), [{ at: '3:22', text: 'req.body.amount' }]);
  });

  it('counts a validator only where the body flows into it (R2.3), not because the module imports one', async () => {
    const route = "app.post('/score', (req, res) => res.json({ a: req.body.amount }));";
    assert.deepEqual(
      (
        await located(
          RULE,
          ["import express from 'express';", "import { z } from 'zod';", 'const app = express();', route, ''].join('\n'),
          'src/a.ts',
        )
      ).map((f) => f.text),
      ['req.body.amount'],
    );
    const validated = [
      "app.post('/a', (req, res) => { const input = Schema.parse(req.body); res.json(input.a); });",
      "app.post('/b', async (req, res) => { const body = req.body; const r = Schema.safeParse(body); if (!r.success) return res.sendStatus(400); res.json(body.a); });",
      "app.post('/c', (req, res) => { const { error } = schema.validate(req.body); if (error) return res.sendStatus(400); res.json(req.body.a); });",
      "app.post('/d', (req, res) => { if (!validate(req.body)) return res.sendStatus(400); const { a } = req.body; res.json(a); });",
      "app.post('/e', (req, res) => { const dto = plainToInstance(Dto, req.body); res.json(req.body.a); });",
    ];
    for (const line of validated) {
      await assertClean(
        RULE,
        ["import express from 'express';", "import { z } from 'zod';", 'const app = express();', line, ''].join('\n'),
      );
    }
    const next = [
      "import * as v from 'valibot';",
      'export async function POST(req: Request) {',
      '  const body = await req.json();',
      '  const input = v.parse(Schema, body);',
      '  return Response.json({ a: body.a, b: input.b });',
      '}',
      '',
    ].join('\n');
    await assertClean(RULE, next, 'app/api/x/route.ts');
  });

  it('follows the body through a variable into destructuring', async () => {
    const code = [
      "import { z } from 'zod';",
      'export async function POST(req: Request) {',
      '  const body = await req.json();',
      '  const { a } = body;',
      '  return Response.json({ a });',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code, 'app/api/x/route.ts'), [{ at: '4:17', text: 'body' }]);
  });

  it('leaves Fastify routes with a schema and code outside handlers alone', async () => {
    await assertClean(
      RULE,
      "import Fastify from 'fastify';\nconst app = Fastify();\napp.post('/x', { schema: { body: S } }, async (request) => request.body.text);\n",
    );
    await assertClean(RULE, 'export function parse(req: { body: { a: number } }) { return req.body.a; }\n');
    await assertClean(
      RULE,
      [
        "import express from 'express';",
        'const app = express();',
        "app.post('/x', (req, res) => { const body = { a: 1 }; res.json(body.a); });",
        '',
      ].join('\n'),
    );
  });
});
