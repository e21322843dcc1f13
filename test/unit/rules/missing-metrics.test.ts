import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertClean, findings, located } from '../helpers';
import { assertCleanTs } from '../tsHelpers';

const RULE = 'missing-metrics';

describe('missing-metrics', () => {
  it('flags a web app whose module imports no metrics library, once per app, on the constructor', async () => {
    const code = ['from fastapi import FastAPI', 'app = FastAPI()', '@app.post("/predict")', 'def predict(x: dict): ...', ''].join('\n');
    assert.deepEqual(await located(RULE, code), [{ at: '2:7', text: 'FastAPI' }]);
    const [finding] = await findings(RULE, code);
    assert.equal(
      finding.message,
      'The app app = FastAPI() exports no metrics (no prometheus_client, OpenTelemetry, StatsD or Datadog import): request rates, latencies, errors and model outputs are invisible, so drift and slowdowns are found by users; instrument it (prometheus_fastapi_instrumentator or prometheus_client)',
    );
    assert.equal(finding.severity, 'info');
    assert.equal(finding.category, 'observability');
    assert.equal(finding.fix, undefined);
    // Routes out of sight still make it a web app.
    assert.deepEqual(
      (
        await located(
          RULE,
          ['from flask import Flask', 'from .views import bp', 'app = Flask(__name__)', 'app.register_blueprint(bp)', ''].join('\n'),
        )
      ).map((f) => f.at),
      ['3:7'],
    );
    // Model-evaluation metrics are no service metrics.
    assert.equal(
      (
        await findings(
          RULE,
          [
            'from sklearn.metrics import f1_score',
            'from fastapi import FastAPI',
            'app = FastAPI()',
            '@app.post("/p")',
            'def p(): ...',
            '',
          ].join('\n'),
        )
      ).length,
      1,
    );
    const ts = ["import express from 'express';", 'const app = express();', "app.post('/predict', (req, res) => res.json({}));", ''].join(
      '\n',
    );
    assert.deepEqual(await located(RULE, ts, 'src/server.ts'), [{ at: '2:13', text: 'express' }]);
  });

  it('does not flag instrumented apps, apps without routes, or servers that export metrics themselves', async () => {
    for (const library of [
      'from prometheus_fastapi_instrumentator import Instrumentator',
      'import prometheus_client',
      'from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor',
      'from starlette_exporter import PrometheusMiddleware',
      'import ddtrace',
      'from datadog import statsd',
      'import bentoml',
      'from ray import serve',
      'import vllm',
    ]) {
      await assertClean(
        RULE,
        [library, 'from fastapi import FastAPI', 'app = FastAPI()', '@app.post("/predict")', 'def predict(x: dict): ...', ''].join('\n'),
      );
    }
    await assertClean(RULE, ['from fastapi import FastAPI', 'app = FastAPI()', ''].join('\n'));
    // A local instrumentation module (until the project pass follows imports), and a worker's health-check app.
    await assertClean(
      RULE,
      [
        'from fastapi import FastAPI',
        'from app.instrumentation import MetricsMiddleware',
        'app = FastAPI()',
        '@app.post("/p")',
        'def p(): ...',
        '',
      ].join('\n'),
    );
    await assertClean(RULE, ['from fastapi import FastAPI', 'app = FastAPI()', '@app.get("/health")', 'def health(): ...', ''].join('\n'));
    await assertCleanTs(
      RULE,
      [
        "import express from 'express';",
        "import { metrics } from './metrics';",
        'const app = express();',
        "app.post('/p', (req, res) => res.end());",
        '',
      ].join('\n'),
    );
    await assertCleanTs(
      RULE,
      [
        "import express from 'express';",
        "import client from 'prom-client';",
        'const app = express();',
        "app.get('/metrics', (req, res) => res.end());",
        '',
      ].join('\n'),
    );
    await assertCleanTs(
      RULE,
      [
        "import express from 'express';",
        "import { trace } from '@opentelemetry/api';",
        'const app = express();',
        "app.get('/x', (req, res) => res.end());",
        '',
      ].join('\n'),
    );
  });
});
