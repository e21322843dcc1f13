import { defineRule } from '../define';
import { python } from './python';
import { typescript } from './typescript';

export const rule = defineRule({
  id: 'missing-health-route',
  languages: ['py', 'ts/js'],
  category: 'deployment',
  severity: 'warning',
  fixable: true,
  summary: 'A web app must serve a health route that probes and load balancers can check.',
  scope: 'production',
  docs: {
    why: 'Kubernetes probes, load balancers, compose healthchecks and uptime monitors all need a cheap endpoint that says "this process is up". Without one they probe a real endpoint (a `POST /predict` that runs the model, or a 404 on `/`) or nothing at all: a pod is marked ready before its model has loaded, a wedged worker keeps receiving traffic, and every probe costs an inference. A health route is also what `missing-probes` and `missing-healthcheck` fixes point at.',
    flags:
      'A FastAPI, Starlette, Flask or aiohttp app (Python) or an Express, Fastify, Koa or Hono app (TypeScript/JavaScript) that has routes and serves no health route: none of `/healthz`, `/health`, `/livez`, `/readyz`, `/ready`, `/ping`, `/health_check`, `/status` (deployment.md §4), matched on the last path segment in any casing (`/api/v1/health` counts), routers and blueprints of the same module mounted with literal prefixes included. The finding sits on the app constructor (`FastAPI(`, `express(`).',
    doesNotFlag:
      'Apps whose routes are partly out of sight (a router imported from another module, a route path that is not a literal: the health route may be there); apps with no routes; modules of frameworks that serve their own health route (BentoML, Ray Serve, KServe, TorchServe, MLServer, Seldon, Triton, Gradio, Streamlit) and Next.js route handlers.',
    fix: 'Adds `GET /healthz` returning `{"status": "ok"}` right after the app is created, in the framework\'s idiom: `@app.get("/healthz")` (FastAPI, Flask), `app.add_route("/healthz", ...)` with a `JSONResponse` (Starlette), `app.router.add_get("/healthz", ...)` (aiohttp), `app.get("/healthz", ...)` (Express, Fastify, Hono); none for Koa (its routes live on a router). Unsafe (editor only): a route is new public surface, and a readiness check may need to test the model too.',
    bad: 'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.post("/predict")\ndef predict(payload: dict):\n    return {"score": 0.1}\n',
    good: 'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/healthz")\ndef healthz():\n    return {"status": "ok"}\n\n\n@app.post("/predict")\ndef predict(payload: dict):\n    return {"score": 0.1}\n',
  },
  implementations: { python, typescript },
});
