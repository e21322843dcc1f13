import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyze, assertClean, assertFixedWithoutNewFindings, findings, located } from '../helpers';
import { assertCleanTs } from '../tsHelpers';

const RULE = 'missing-health-route';

describe('missing-health-route (python)', () => {
  it('flags FastAPI, Flask, Starlette and aiohttp apps with routes and no health route, on the constructor', async () => {
    const fastapi = [
      'from fastapi import FastAPI',
      'app = FastAPI(title="fraud")',
      '@app.post("/predict")',
      'def predict(x: dict): ...',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, fastapi), [{ at: '2:7', text: 'FastAPI' }]);
    const [finding] = await findings(RULE, fastapi);
    assert.equal(
      finding.message,
      'The FastAPI app app = FastAPI() serves no health route (/healthz, /health, /readyz, ...): probes and load balancers have nothing cheap to check, so they probe a real endpoint or nothing at all; add GET /healthz',
    );
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.category, 'deployment');
    assert.equal(finding.fix?.safe, false);
    const flask = [
      'import flask',
      'server = flask.Flask(__name__)',
      '@server.route("/score", methods=["POST"])',
      'def score(): ...',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, flask), [{ at: '2:10', text: 'flask.Flask' }]);
    const starlette = [
      'from starlette.applications import Starlette',
      'from starlette.routing import Route',
      'async def predict(request): ...',
      'app = Starlette(routes=[Route("/predict", predict, methods=["POST"])])',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, starlette), [{ at: '4:7', text: 'Starlette' }]);
    const aiohttp = [
      'from aiohttp import web',
      'async def predict(request): ...',
      'app = web.Application()',
      'app.router.add_post("/predict", predict)',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, aiohttp), [{ at: '3:7', text: 'web.Application' }]);
  });

  it('counts health routes on any last segment and casing, and local routers mounted with literal prefixes', async () => {
    const variants = [
      ['@app.get("/healthz")', 'def h(): ...'],
      ['@app.api_route("/api/v1/Health", methods=["GET", "HEAD"])', 'def h(): ...'],
      ['@router.get("/ping")', 'def h(): ...', 'app.include_router(router, prefix="/internal")'],
      ['app.add_api_route("/readyz", h)'],
      ['@app.get("/status/")', 'def h(): ...'],
    ];
    for (const extra of variants) {
      await assertClean(
        RULE,
        [
          'from fastapi import FastAPI, APIRouter',
          'app = FastAPI()',
          'router = APIRouter()',
          '@app.post("/predict")',
          'def p(): ...',
          ...extra,
          '',
        ].join('\n'),
      );
    }
    await assertClean(
      RULE,
      [
        'from flask import Flask, Blueprint',
        'bp = Blueprint("ops", __name__)',
        '@bp.get("/health_check")',
        'def h(): ...',
        'app = Flask(__name__)',
        'app.register_blueprint(bp, url_prefix="/ops")',
        '@app.post("/predict")',
        'def p(): ...',
        '',
      ].join('\n'),
    );
  });

  it('does not flag apps with routes out of sight, apps without routes, or model-server modules', async () => {
    await assertClean(
      RULE,
      [
        'from fastapi import FastAPI',
        'from .routes import predict',
        'app = FastAPI()',
        'app.include_router(predict.router)',
        '@app.post("/x")',
        'def x(): ...',
        '',
      ].join('\n'),
    );
    await assertClean(RULE, ['from fastapi import FastAPI', 'app = FastAPI()', 'app.add_api_route(PATH, handler)', ''].join('\n'));
    await assertClean(RULE, ['from fastapi import FastAPI', 'app = FastAPI()', ''].join('\n'));
    await assertClean(
      RULE,
      [
        'from fastapi import FastAPI',
        'from ray import serve',
        'app = FastAPI()',
        '@serve.deployment',
        '@serve.ingress(app)',
        'class M:',
        '    @app.post("/predict")',
        '    def p(self): ...',
        '',
      ].join('\n'),
    );
    await assertClean(
      RULE,
      ['import gradio as gr', 'from fastapi import FastAPI', 'app = FastAPI()', '@app.post("/x")', 'def x(): ...', ''].join('\n'),
    );
    // aiohttp's Application is a mapping: `app.get("db")` is no route.
    await assertClean(RULE, ['from aiohttp import web', 'app = web.Application()', 'db = app.get("db")', ''].join('\n'));
  });

  it('fixes each framework with GET /healthz right after the app is created', async () => {
    const fastapi = await assertFixedWithoutNewFindings(
      RULE,
      [
        'import logging',
        'from fastapi import FastAPI',
        'app = FastAPI()',
        'logger = logging.getLogger(__name__)',
        '@app.post("/predict")',
        'def p(): ...',
        '',
      ].join('\n'),
    );
    assert.equal(
      fastapi,
      [
        'import logging',
        'from fastapi import FastAPI',
        'app = FastAPI()',
        '',
        '',
        '@app.get("/healthz")',
        'def healthz():',
        '    return {"status": "ok"}',
        '',
        '',
        'logger = logging.getLogger(__name__)',
        '@app.post("/predict")',
        'def p(): ...',
        '',
      ].join('\n'),
    );
    const flask = await assertFixedWithoutNewFindings(
      RULE,
      [
        'from flask import Flask',
        'def create_app():',
        '    app = Flask(__name__)',
        '    @app.post("/p")',
        '    def p(): ...',
        '    return app',
        '',
      ].join('\n'),
    );
    assert.match(
      flask,
      /\n {4}app = Flask\(__name__\)\n\n {4}@app\.get\("\/healthz"\)\n {4}def healthz\(\):\n {8}return \{"status": "ok"\}\n\n {4}@app\.post/,
    );
    const starlette = await assertFixedWithoutNewFindings(
      RULE,
      [
        'from starlette.applications import Starlette',
        'from starlette.routing import Route',
        'async def p(request): ...',
        'app = Starlette(routes=[Route("/p", p)])',
        '',
      ].join('\n'),
    );
    assert.match(starlette, /^from starlette\.responses import JSONResponse$/m);
    assert.match(
      starlette,
      /\nasync def healthz\(request\):\n {4}return JSONResponse\(\{"status": "ok"\}\)\n\n\napp = Starlette\(routes=\[Route\("\/healthz", healthz, methods=\["GET"\]\), Route\("\/p", p\)\]\)\n$/,
    );
    const aiohttp = await assertFixedWithoutNewFindings(
      RULE,
      ['import aiohttp.web', 'async def p(request): ...', 'app = aiohttp.web.Application()', 'app.router.add_post("/p", p)', ''].join('\n'),
    );
    assert.match(aiohttp, /^from aiohttp import web$/m);
    assert.match(aiohttp, /return web\.json_response\(\{"status": "ok"\}\)\n\n\napp\.router\.add_get\("\/healthz", healthz\)\n/);
  });
});

describe('missing-health-route (ts/js)', () => {
  it('flags Express, Fastify and Hono apps with routes and no health route, on the constructor', async () => {
    const express = [
      "import express from 'express';",
      'const app = express();',
      "app.post('/predict', (req, res) => res.json({}));",
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, express, 'src/server.ts'), [{ at: '2:13', text: 'express' }]);
    const fastify = [
      "import Fastify from 'fastify';",
      'const server = Fastify({ logger: true });',
      "server.post('/predict', async () => ({}));",
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, fastify, 'src/server.ts'), [{ at: '2:16', text: 'Fastify' }]);
    const hono = ["import { Hono } from 'hono';", 'const app = new Hono();', "app.post('/predict', (c) => c.json({}));", ''].join('\n');
    assert.deepEqual(await located(RULE, hono, 'src/server.ts'), [{ at: '2:17', text: 'Hono' }]);
  });

  it('counts health routes and mounted local routers, and leaves apps with routes out of sight alone', async () => {
    await assertCleanTs(
      RULE,
      [
        "import express from 'express';",
        "import cors from 'cors';",
        'const app = express();',
        'const ops = express.Router();',
        "ops.get('/healthz', (req, res) => res.json({ ok: true }));",
        'app.use(cors());',
        'app.use(express.json());',
        "app.use('/ops', ops);",
        "app.post('/predict', (req, res) => res.json({}));",
        '',
      ].join('\n'),
    );
    await assertCleanTs(
      RULE,
      [
        "import express from 'express';",
        "import routes from './routes';",
        'const app = express();',
        'app.use(routes);',
        "app.post('/predict', (req, res) => res.json({}));",
        '',
      ].join('\n'),
    );
    await assertCleanTs(RULE, ["import express from 'express';", 'const app = express();', "const env = app.get('env');", ''].join('\n'));
    await assertCleanTs(
      RULE,
      [
        "import Koa from 'koa';",
        "import Router from '@koa/router';",
        'const app = new Koa();',
        'const router = new Router();',
        "router.get('/health', (ctx) => { ctx.body = 'ok'; });",
        "router.post('/p', (ctx) => { ctx.body = {}; });",
        'app.use(router.routes());',
        '',
      ].join('\n'),
    );
  });

  it('fixes Express, Fastify and Hono in their idiom, keeping quotes and semicolons', async () => {
    const express = await assertFixedWithoutNewFindings(
      RULE,
      ["import express from 'express';", 'const app = express();', "app.post('/predict', (req, res) => res.json({}));", ''].join('\n'),
      'src/server.ts',
    );
    assert.match(
      express,
      /const app = express\(\);\n\napp\.get\('\/healthz', \(_req, res\) => \{\n {2}res\.json\(\{ status: 'ok' \}\);\n\}\);\n/,
    );
    const fastify = await assertFixedWithoutNewFindings(
      RULE,
      ['const fastify = require("fastify")', 'const app = fastify()', 'app.post("/predict", async () => ({}))', ''].join('\n'),
      'src/server.js',
    );
    assert.match(fastify, /const app = fastify\(\)\n\napp\.get\("\/healthz", async \(\) => \(\{ status: "ok" \}\)\)\n/);
    const hono = await assertFixedWithoutNewFindings(
      RULE,
      [
        "import { Hono } from 'hono';",
        'const app = new Hono();',
        "app.post('/predict', (c) => c.json({}));",
        'export default app;',
        '',
      ].join('\n'),
      'src/index.ts',
    );
    assert.match(hono, /app\.get\('\/healthz', \(c\) => c\.json\(\{ status: 'ok' \}\)\);/);
    const koa = (
      await findings(
        RULE,
        [
          "import Koa from 'koa';",
          "import Router from '@koa/router';",
          'const app = new Koa();',
          'const router = new Router();',
          "router.post('/p', (ctx) => { ctx.body = {}; });",
          'app.use(router.routes());',
          '',
        ].join('\n'),
        'src/server.ts',
      )
    )[0];
    assert.equal(koa.fix, undefined);
  });

  it('exposes the web apps and the metrics import as file facts', async () => {
    const analysis = await analyze(['from fastapi import FastAPI', 'app = FastAPI()', ''].join('\n'), 'app/main.py');
    assert.deepEqual(analysis.facts?.webApps, [{ framework: 'fastapi', start: 34, end: 41 }]);
    assert.equal(analysis.facts?.metricsLibraryImported, undefined);
    const instrumented = await analyze(
      "import express from 'express';\nimport client from 'prom-client';\nconst app = express();\n",
      'src/server.ts',
    );
    assert.deepEqual(instrumented.facts?.webApps, [{ framework: 'express', start: 77, end: 84 }]);
    assert.equal(instrumented.facts?.metricsLibraryImported, true);
  });
});
