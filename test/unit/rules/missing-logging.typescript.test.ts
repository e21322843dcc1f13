import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { located } from '../helpers';
import { assertCleanTs as assertClean } from '../tsHelpers';

const RULE = 'missing-logging';

describe('missing-logging (ts/js)', () => {
  it('flags a serving module with no logger and no console, on the first named handler', async () => {
    const code = [
      "import express from 'express';",
      'const app = express();',
      'async function score(req, res) { res.json({}); }',
      "app.post('/score', score);",
      "app.get('/health', (req, res) => res.send('ok'));",
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code, 'src/server.ts'), [{ at: '3:16', text: 'score' }]);
  });

  it('sits on the registration call for an anonymous route callback', async () => {
    const code = ["import { Hono } from 'hono';", 'const app = new Hono();', "app.post('/v1/chat', async (c) => c.json({}));", ''].join(
      '\n',
    );
    assert.deepEqual(await located(RULE, code, 'src/index.ts'), [{ at: '3:1', text: 'app.post' }]);
  });

  it('flags a Next.js route handler on its exported name', async () => {
    const code = 'export async function POST(request: Request) {\n  return Response.json({ ok: true });\n}\n';
    assert.deepEqual(await located(RULE, code, 'app/api/score/route.ts'), [{ at: '1:23', text: 'POST' }]);
  });

  it('leaves modules with a logger, with console output, or without serving code alone', async () => {
    const route = "app.post('/score', (req, res) => res.json({}));";
    await assertClean(RULE, ["import express from 'express';", "import pino from 'pino';", 'const app = express();', route, ''].join('\n'));
    await assertClean(
      RULE,
      ["import express from 'express';", "import { logger } from './logger';", 'const app = express();', route, ''].join('\n'),
    );
    await assertClean(RULE, ["import express from 'express';", 'const app = express();', route, "console.error('x');", ''].join('\n'));
    await assertClean(
      RULE,
      ["import Fastify from 'fastify';", 'const app = Fastify({ logger: true });', "app.get('/x', async () => ({}));", ''].join('\n'),
    );
    await assertClean(RULE, 'export async function POST() { return new Response("ok"); }\n', 'lib/route.ts');
    await assertClean(
      RULE,
      ["import { Logger } from '@nestjs/common';", "import express from 'express';", 'const app = express();', route, ''].join('\n'),
    );
    await assertClean(RULE, 'export function add(a: number, b: number) { return a + b; }\n');
  });
});
