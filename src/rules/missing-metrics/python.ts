import { isHealthPath, isInstrumentationModule, PY_SELF_METRICS_PACKAGES } from '../../knowledge/webApps';
import type { PythonRuleImplementation } from '../../parsers/python/rule';
import { importsMetricsLibrary, webAppsOf } from '../../parsers/python/webApps';

/**
 * missing-metrics: a web app (the apps of missing-health-route) whose module imports no metrics
 * library. Per module for now; the project pass widens "the module" to the entrypoint's import
 * closure (rules.md R2.5) and limits it to deployed projects (R2.6), from the file facts
 * `webApps` and `metricsLibraryImported`; meanwhile a local module named for instrumentation
 * (`app.instrumentation`, `metrics`) counts as an import. Apps that serve only a health route (a
 * worker's liveness endpoint) have nothing to measure. On the app constructor.
 */
/** Libraries whose `metrics` modules score models, not services. */
const MODEL_METRICS =
  /^(sklearn|torchmetrics|keras|tensorflow|tf_keras|torch|evaluate|datasets|torcheval|ignite|lightning|pytorch_lightning|transformers)(\.|$)/;

const INSTRUMENTATION: Partial<Record<string, string>> = {
  fastapi: 'prometheus_fastapi_instrumentator or prometheus_client',
  starlette: 'starlette_exporter or prometheus_client',
  flask: 'prometheus_flask_exporter or prometheus_client',
  aiohttp: 'aioprometheus or prometheus_client',
};

export const python: PythonRuleImplementation = {
  visitors: {},
  finish(context) {
    const module = context.module;
    const apps = webAppsOf(module);
    if (!apps.length || importsMetricsLibrary(module) || PY_SELF_METRICS_PACKAGES.some((name) => module.imports(name))) return;
    // A local module named for instrumentation (`from app.instrumentation import MetricsMiddleware`).
    const local = module.importedModules.filter((entry) => entry.level > 0 || !MODEL_METRICS.test(entry.module));
    if (local.some((entry) => isInstrumentationModule(entry.module) || (entry.names ?? []).some(isInstrumentationModule))) return;
    for (const app of apps) {
      if (!app.routes.length && !app.unknownRoutes) continue;
      // A health-check app (a worker's liveness endpoint) has nothing to measure.
      if (!app.unknownRoutes && app.routes.every(isHealthPath)) continue;
      context.report(
        app.start,
        app.end,
        `The app ${app.name} = ${module.text.slice(app.start, app.end)}() exports no metrics (no prometheus_client, OpenTelemetry, StatsD or Datadog import): request rates, latencies, errors and model outputs are invisible, so drift and slowdowns are found by users; instrument it (${INSTRUMENTATION[app.framework] ?? 'prometheus_client'})`,
      );
    }
  },
};
