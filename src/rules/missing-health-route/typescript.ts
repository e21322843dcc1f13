import { detectEol, indentationAt } from '../../core/text';
import type { Fix } from '../../core/types';
import { indentUnit } from '../../parsers/typescript/edits';
import type { TsRuleContext, TsRuleImplementation } from '../../parsers/typescript/rule';
import { servesHealthRoute, webAppsOf, type TsWebApp } from '../../parsers/typescript/webApps';

/**
 * missing-health-route (ts/js): an Express, Fastify, Koa or Hono app with routes and no health route
 * (deployment.md §4), local routers mounted with literal prefixes included; apps with routes out of
 * sight (a router imported from a local module) are left alone. On the app constructor.
 */

const NAMES = { express: 'Express', fastify: 'Fastify', koa: 'Koa', hono: 'Hono' } as const;

function healthRouteFix(app: TsWebApp, context: TsRuleContext): Fix | undefined {
  const statement = app.statement;
  if (!statement || app.framework === 'koa') return undefined;
  const text = context.text;
  let end = statement.range[1];
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') {
    if (!/[ \t]/.test(text[end])) return undefined;
    end++;
  }
  const eol = detectEol(text);
  const indent = indentationAt(text, statement.range[0]);
  const unit = indentUnit(text);
  const singles = (text.match(/'/g) ?? []).length;
  const doubles = (text.match(/"/g) ?? []).length;
  const q = singles > doubles ? "'" : '"';
  const semi = text.slice(statement.range[0], statement.range[1]).trimEnd().endsWith(';') ? ';' : '';
  const route = `${q}/healthz${q}`;
  const ok = `{ status: ${q}ok${q} }`;
  let lines: string[];
  switch (app.framework) {
    case 'express':
      lines = [`${app.name}.get(${route}, (_req, res) => {`, `${unit}res.json(${ok})${semi}`, `})${semi}`];
      break;
    case 'fastify':
      lines = [`${app.name}.get(${route}, async () => (${ok}))${semi}`];
      break;
    case 'hono':
      lines = [`${app.name}.get(${route}, (c) => c.json(${ok}))${semi}`];
      break;
    default:
      return undefined;
  }
  return {
    description: `Add GET /healthz to ${app.name}`,
    edits: [{ start: end, end, text: `${eol}${eol}${lines.map((line) => `${indent}${line}`).join(eol)}` }],
    safe: false,
  };
}

export const typescript: TsRuleImplementation = {
  visitors: {},
  finish(context) {
    for (const app of webAppsOf(context.module)) {
      if (!app.routes.length || app.unknownRoutes || servesHealthRoute(app)) continue;
      context.report(
        app.start,
        app.end,
        `The ${NAMES[app.framework as keyof typeof NAMES]} app ${app.name} = ${context.text.slice(app.start, app.end)}() serves no health route (/healthz, /health, /readyz, ...): probes and load balancers have nothing cheap to check, so they probe a real endpoint or nothing at all; add GET /healthz`,
        healthRouteFix(app, context),
      );
    }
  },
};
