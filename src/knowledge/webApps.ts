/**
 * Web apps as missing-health-route and missing-metrics see them (deployment.md §4), shared by the
 * Python and TS/JS detection: which paths are health routes, which frameworks serve their own
 * health route or metrics, and which libraries export metrics.
 */

export type WebFramework = 'fastapi' | 'starlette' | 'flask' | 'aiohttp' | 'express' | 'fastify' | 'koa' | 'hono';

/** deployment.md §4, in its order of preference. */
export const HEALTH_SEGMENTS: readonly string[] = ['healthz', 'health', 'livez', 'readyz', 'ready', 'ping', 'health_check', 'status'];

/** `path` without trailing slashes (a loop: `/\/+$/` backtracks quadratically on long runs of slashes). */
export function trimTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path[end - 1] === '/') end--;
  return path.slice(0, end);
}

/** Whether a route path is a health route: its last path segment, any casing (R2.6). */
export function isHealthPath(path: string): boolean {
  const bare = trimTrailingSlashes(path.split(/[?#]/)[0]);
  const last = bare.slice(bare.lastIndexOf('/') + 1).toLowerCase();
  return HEALTH_SEGMENTS.includes(last);
}

/** Joins a mount prefix and a route path as the framework does (`/api` + `/health` → `/api/health`). */
export function joinRoute(prefix: string, path: string): string {
  if (!prefix) return path;
  return `${trimTrailingSlashes(prefix)}/${path.replace(/^\/+/, '')}`;
}

/** Python packages of model servers that serve their own health route (an app in such a module is theirs). */
export const PY_SELF_HEALTH_PACKAGES: readonly string[] = [
  'bentoml',
  'ray',
  'kserve',
  'ts',
  'mlserver',
  'seldon_core',
  'triton_python_backend_utils',
  'tritonserver',
  'gradio',
  'streamlit',
];

/** Python packages of servers that export metrics themselves. */
export const PY_SELF_METRICS_PACKAGES: readonly string[] = [
  'bentoml',
  'ray',
  'kserve',
  'ts',
  'mlserver',
  'seldon_core',
  'triton_python_backend_utils',
  'tritonserver',
  'vllm',
];

/** Python metrics libraries (rules.md R2.4 `missing-metrics`). */
export const PY_METRICS_LIBRARIES: readonly string[] = [
  'prometheus_client',
  'prometheus_fastapi_instrumentator',
  'starlette_exporter',
  'prometheus_flask_exporter',
  'opentelemetry',
  'statsd',
  'datadog',
  'ddtrace',
  'aioprometheus',
];

/** TS/JS metrics packages; `@opentelemetry/*` counts whole. */
export function isTsMetricsPackage(name: string): boolean {
  return name === 'prom-client' || name === 'hot-shots' || name === 'dd-trace' || name.startsWith('@opentelemetry/');
}

/**
 * A module of the project whose name says it instruments the app (`app.instrumentation`,
 * `./metrics`, `telemetry`): until the project pass follows the entrypoint's imports, importing one
 * counts as importing a metrics library.
 */
export function isInstrumentationModule(name: string): boolean {
  const last = name.replace(/\\/g, '/').split(/[./]/).filter(Boolean).pop() ?? '';
  return /metric|instrument|telemetry|monitor|observab|tracing|otel|prometheus|statsd/i.test(last);
}
