import type { Node } from '@vscode/tree-sitter-wasm';
import { detectEol } from '../../core/text';
import type { Fix, TextEdit } from '../../core/types';
import { PY_SELF_HEALTH_PACKAGES } from '../../knowledge/webApps';
import { callParts } from '../../parsers/python/ast';
import { insertModuleLines } from '../../parsers/python/insertion';
import type { PythonModule } from '../../parsers/python/module';
import type { PythonRuleImplementation } from '../../parsers/python/rule';
import { servesHealthRoute, webAppsOf, type PythonWebApp } from '../../parsers/python/webApps';

/**
 * missing-health-route: a FastAPI, Starlette, Flask or aiohttp app with routes and no health route
 * (deployment.md §4: `/healthz`, `/health`, `/livez`, `/readyz`, `/ready`, `/ping`, `/health_check`,
 * `/status`, matched on the last path segment, any casing; routers mounted with literal prefixes
 * count). An app whose routes are partly out of sight (a router imported from another module) is
 * given the benefit of the doubt, and apps of model servers that serve their own health route
 * (BentoML, Ray Serve, KServe, ...) are not this rule's. On the app constructor.
 */

const FRAMEWORK_NAMES = { fastapi: 'FastAPI', starlette: 'Starlette', flask: 'Flask', aiohttp: 'aiohttp' } as const;

function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

function lineEndAfter(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  if (text[i] === '\r' && text[i + 1] === '\n') return i + 2;
  return i < text.length ? i + 1 : i;
}

function indentUnit(text: string): string {
  const match = /^([ \t]+)\S/m.exec(text);
  if (!match) return '    ';
  return match[1].startsWith('\t') ? '\t' : match[1].length <= 8 ? match[1] : '    ';
}

/** A module-level name bound to one of `values`. */
function boundName(module: PythonModule, values: readonly string[]): string | undefined {
  for (const [name, value] of module.globals) if (value && values.includes(value)) return name;
  return undefined;
}

function freeName(module: PythonModule, app: PythonWebApp): string {
  for (const name of ['healthz', 'healthz_route', 'prodready_healthz']) {
    if (!module.globals.has(name) && !app.scope?.locals.has(name)) return name;
  }
  return 'prodready_healthz';
}

/** `GET /healthz` returning `{"status": "ok"}` right after the statement that creates the app, in the framework's idiom. */
function healthRouteFix(module: PythonModule, app: PythonWebApp): Fix | undefined {
  const text = module.text;
  const statement: Node | null | undefined = app.call.parent?.parent;
  if (statement?.type !== 'expression_statement' || (statement.parent?.type !== 'module' && statement.parent?.type !== 'block'))
    return undefined;
  const start = lineStart(text, statement.startIndex);
  const indent = text.slice(start, statement.startIndex);
  if (indent.trim() !== '') return undefined;
  const insertAt = lineEndAfter(text, statement.endIndex);
  if (text.slice(statement.endIndex, insertAt).trim() !== '' && !/^\s*#/.test(text.slice(statement.endIndex, insertAt))) return undefined;
  const eol = detectEol(text);
  const unit = indentUnit(text);
  const name = freeName(module, app);
  const edits: TextEdit[] = [];
  let body: string[];
  switch (app.framework) {
    case 'fastapi':
    case 'flask':
      body = [`@${app.name}.get("/healthz")`, `def ${name}():`, `${unit}return {"status": "ok"}`];
      break;
    case 'starlette': {
      let response = boundName(module, ['starlette.responses.JSONResponse', 'fastapi.responses.JSONResponse']);
      if (!response) {
        response = 'JSONResponse';
        if (module.globals.has(response)) return undefined;
        edits.push(insertModuleLines(module, ['from starlette.responses import JSONResponse']));
      }
      const handler = [`async def ${name}(request):`, `${unit}return ${response}({"status": "ok"})`];
      const routes = callParts(app.call).keywords.get('routes');
      const route = boundName(module, ['starlette.routing.Route']);
      if (routes?.type === 'list' && route) {
        // Starlette's idiom: the route table given to the constructor, the handler defined before it.
        const blank = app.scope ? [''] : ['', ''];
        const before = [...handler, ...blank].map((line) => (line ? `${indent}${line}` : '') + eol).join('');
        edits.push({ start, end: start, text: before });
        edits.push({ start: routes.startIndex + 1, end: routes.startIndex + 1, text: `${route}("/healthz", ${name}, methods=["GET"]), ` });
        return { description: `Add GET /healthz to ${app.name}`, edits, safe: false };
      }
      body = [...handler, ...(app.scope ? [''] : ['', '']), `${app.name}.add_route("/healthz", ${name}, methods=["GET"])`];
      break;
    }
    case 'aiohttp': {
      let web = boundName(module, ['aiohttp.web']);
      if (!web) {
        web = 'web';
        if (module.globals.has(web)) return undefined;
        edits.push(insertModuleLines(module, ['from aiohttp import web']));
      }
      body = [
        `async def ${name}(request):`,
        `${unit}return ${web}.json_response({"status": "ok"})`,
        ...(app.scope ? [''] : ['', '']),
        `${app.name}.router.add_get("/healthz", ${name})`,
      ];
      break;
    }
    default:
      return undefined;
  }
  const blank = app.scope ? [''] : ['', ''];
  const following = text.slice(insertAt, lineEndAfter(text, insertAt));
  const lines = [...blank, ...body, ...(insertAt < text.length && following.trim() !== '' ? blank : [])];
  const inserted = lines.map((line) => (line ? `${indent}${line}` : '') + eol).join('');
  const prefix = insertAt === text.length && !/[\r\n]$/.test(text) ? eol : '';
  edits.push({ start: insertAt, end: insertAt, text: prefix + inserted });
  return { description: `Add GET /healthz to ${app.name}`, edits, safe: false };
}

export const python: PythonRuleImplementation = {
  visitors: {},
  finish(context) {
    const module = context.module;
    const apps = webAppsOf(module);
    if (!apps.length || PY_SELF_HEALTH_PACKAGES.some((name) => module.imports(name))) return;
    for (const app of apps) {
      if (!app.routes.length || app.unknownRoutes || servesHealthRoute(app)) continue;
      context.report(
        app.start,
        app.end,
        `The ${FRAMEWORK_NAMES[app.framework as keyof typeof FRAMEWORK_NAMES]} app ${app.name} = ${module.text.slice(app.start, app.end)}() serves no health route (/healthz, /health, /readyz, ...): probes and load balancers have nothing cheap to check, so they probe a real endpoint or nothing at all; add GET /healthz`,
        healthRouteFix(module, app),
      );
    }
  },
};
