import { isHealthPath, isInstrumentationModule } from '../../knowledge/webApps';
import type { TsRuleImplementation } from '../../parsers/typescript/rule';
import { importsMetricsPackage, webAppsOf } from '../../parsers/typescript/webApps';

/** missing-metrics (ts/js): an Express, Fastify, Koa or Hono app with routes whose module imports no metrics package. */
export const typescript: TsRuleImplementation = {
  visitors: {},
  finish(context) {
    const apps = webAppsOf(context.module);
    if (!apps.length || importsMetricsPackage(context.module)) return;
    if (context.module.imports.some((entry) => entry.source.startsWith('.') && isInstrumentationModule(entry.source))) return;
    for (const app of apps) {
      if (!app.routes.length && !app.unknownRoutes) continue;
      if (!app.unknownRoutes && app.routes.every(isHealthPath)) continue;
      context.report(
        app.start,
        app.end,
        `The app ${app.name} = ${context.text.slice(app.start, app.end)}() exports no metrics (no prom-client, OpenTelemetry, hot-shots or dd-trace import): request rates, latencies, errors and model outputs are invisible, so drift and slowdowns are found by users; instrument it (prom-client with a /metrics route, or OpenTelemetry)`,
      );
    }
  },
};
