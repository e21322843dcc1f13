import { defineRule } from '../define';
import { python } from './python';
import { typescript } from './typescript';

export const rule = defineRule({
  id: 'missing-metrics',
  languages: ['py', 'ts/js'],
  category: 'observability',
  severity: 'info',
  fixable: false,
  summary: 'A web app should export metrics (Prometheus, OpenTelemetry, StatsD, Datadog).',
  scope: 'production',
  docs: {
    why: "Monitoring that catches model drift, slow inference or a failing upstream before users do starts with a service that exports any metric at all: request counts, latencies and error rates per route, and ideally the model's own outputs. A service without an instrumentation library is visible only through its logs, so a latency regression or a shift in predictions is found in a postmortem.",
    flags:
      "A web app (the apps of `missing-health-route`: FastAPI, Starlette, Flask, aiohttp, Express, Fastify, Koa, Hono, with routes) whose module imports no metrics library: Python `prometheus_client`, `prometheus_fastapi_instrumentator`, `starlette_exporter`, `prometheus_flask_exporter`, `opentelemetry`, `statsd`, `datadog`/`ddtrace`, `aioprometheus`; TypeScript/JavaScript `prom-client`, `@opentelemetry/*`, `hot-shots`, `dd-trace`. One finding per app, on its constructor. The module is the app's own for now; the project pass widens it to the entrypoint's import closure and limits the rule to deployed projects.",
    doesNotFlag:
      'Modules of servers that export metrics themselves (BentoML, Ray Serve, KServe, TorchServe, Triton, MLServer, Seldon, vLLM); apps with no routes; any app whose module imports one of the libraries above.',
    fix: "None automatic. Instrument the app: `Instrumentator().instrument(app).expose(app)` (prometheus_fastapi_instrumentator), `PrometheusMetrics(app)` (prometheus_flask_exporter), `prom-client` with a `/metrics` route, or OpenTelemetry; then add the model's own metrics (prediction counts and score distributions).",
    bad: 'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.post("/predict")\ndef predict(payload: dict):\n    return {"score": 0.1}\n',
    good: 'from fastapi import FastAPI\nfrom prometheus_fastapi_instrumentator import Instrumentator\n\napp = FastAPI()\nInstrumentator().instrument(app).expose(app)\n\n\n@app.post("/predict")\ndef predict(payload: dict):\n    return {"score": 0.1}\n',
  },
  implementations: { python, typescript },
});
