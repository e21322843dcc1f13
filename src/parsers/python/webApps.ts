import type { Node } from '@vscode/tree-sitter-wasm';
import { isHealthPath, joinRoute, PY_METRICS_LIBRARIES, type WebFramework } from '../../knowledge/webApps';
import { callParts } from './ast';
import { stringValue, type FunctionInfo, type PythonModule } from './module';

/**
 * The web apps a Python module creates (FastAPI, Starlette, Flask, aiohttp) and the routes they
 * serve as far as this module shows them: route decorators and registrations on the app, local
 * routers and blueprints mounted with literal prefixes (`include_router`, `register_blueprint`,
 * `add_subapp`, `add_routes`), Starlette `routes=[Route(...), Mount(...)]`. A router imported from
 * another module, or a route path that is not a literal, makes the routes `unknown`.
 */

export interface PythonWebApp {
  framework: WebFramework;
  /** The name the app is bound to. */
  name: string;
  /** The constructor's callee (where findings sit). */
  start: number;
  end: number;
  call: Node;
  /** The function the app is created in (a factory), if any. */
  scope: FunctionInfo | undefined;
  /** Literal route paths, mount prefixes applied. */
  routes: string[];
  /** Some route source is out of sight (an imported router, a computed path). */
  unknownRoutes: boolean;
}

type ContainerKind = 'app' | 'router';

interface Container {
  kind: ContainerKind;
  framework: WebFramework;
  name: string;
  call: Node;
  scope: FunctionInfo | undefined;
  routes: string[];
  unknown: boolean;
  /** Routers mounted on it: name and prefix. */
  mounts: Array<{ name: string; prefix: string }>;
}

const CONSTRUCTORS: Record<string, { kind: ContainerKind; framework: WebFramework }> = {
  'fastapi.FastAPI': { kind: 'app', framework: 'fastapi' },
  'fastapi.applications.FastAPI': { kind: 'app', framework: 'fastapi' },
  'fastapi.APIRouter': { kind: 'router', framework: 'fastapi' },
  'fastapi.routing.APIRouter': { kind: 'router', framework: 'fastapi' },
  'starlette.applications.Starlette': { kind: 'app', framework: 'starlette' },
  'starlette.routing.Router': { kind: 'router', framework: 'starlette' },
  'flask.Flask': { kind: 'app', framework: 'flask' },
  'flask.Blueprint': { kind: 'router', framework: 'flask' },
  'aiohttp.web.Application': { kind: 'app', framework: 'aiohttp' },
  'aiohttp.web.RouteTableDef': { kind: 'router', framework: 'aiohttp' },
};
const CONSTRUCTOR_NAMES = new Set(['FastAPI', 'APIRouter', 'Starlette', 'Router', 'Flask', 'Blueprint', 'Application', 'RouteTableDef']);
const FRAMEWORK_PACKAGES = ['fastapi', 'starlette', 'flask', 'aiohttp'];
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'api_route', 'route', 'head', 'options', 'websocket', 'view']);
const REGISTRATIONS = new Set(['add_api_route', 'add_route', 'add_url_rule', 'add_websocket_route', 'add_api_websocket_route']);
const AIOHTTP_ROUTES = /^aiohttp\.web\.(get|post|put|patch|delete|head|route|view)$/;

const cache = new WeakMap<PythonModule, PythonWebApp[]>();

/** The web apps of a module (computed once per module). */
export function webAppsOf(module: PythonModule): PythonWebApp[] {
  let apps = cache.get(module);
  if (!apps) cache.set(module, (apps = detect(module)));
  return apps;
}

/** Whether the module imports a metrics library (rules.md R2.4 `missing-metrics`). */
export function importsMetricsLibrary(module: PythonModule): boolean {
  return PY_METRICS_LIBRARIES.some((library) => module.imports(library));
}

/** Whether the app serves a health route (deployment.md §4). */
export function servesHealthRoute(app: PythonWebApp): boolean {
  return app.routes.some(isHealthPath);
}

function detect(module: PythonModule): PythonWebApp[] {
  if (!FRAMEWORK_PACKAGES.some((name) => module.imports(name))) return [];
  const containers: Container[] = [];
  const calls = module.captures.filter((capture) => capture.kind === 'call').map((capture) => capture.node);
  for (const call of calls) {
    const fn = call.childForFieldName('function');
    const last = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.type === 'identifier' ? fn.text : undefined;
    if (!last || !CONSTRUCTOR_NAMES.has(last)) continue;
    const scope = module.functionAt(call.startIndex);
    const constructor = CONSTRUCTORS[module.qualify(fn, scope) ?? ''];
    if (!constructor) continue;
    const parent = call.parent;
    const left = parent?.type === 'assignment' ? parent.childForFieldName('left') : null;
    if (left?.type !== 'identifier' || parent?.childForFieldName('right')?.startIndex !== call.startIndex) continue;
    const container: Container = { ...constructor, name: left.text, call, scope, routes: [], unknown: false, mounts: [] };
    if (constructor.framework === 'starlette' || constructor.framework === 'fastapi')
      readRouteList(callParts(call).keywords.get('routes'), container, '', module);
    containers.push(container);
  }
  if (!containers.length) return [];
  for (const call of calls) collectRoute(call, containers, module);
  const byName = (name: string, near: Container) => containers.find((c) => c !== near && c.name === name && c.kind === 'router');
  const flatten = (container: Container, seen: Set<Container>): { routes: string[]; unknown: boolean } => {
    const routes = [...container.routes];
    let unknown = container.unknown;
    for (const mount of container.mounts) {
      const router = byName(mount.name, container);
      if (!router || seen.has(router)) {
        unknown = true;
        continue;
      }
      const inner = flatten(router, new Set([...seen, router]));
      unknown ||= inner.unknown;
      for (const route of inner.routes) routes.push(joinRoute(mount.prefix, route));
    }
    return { routes, unknown };
  };
  return containers
    .filter((container) => container.kind === 'app')
    .map((container) => {
      const { routes, unknown } = flatten(container, new Set([container]));
      const callee = container.call.childForFieldName('function')!;
      return {
        framework: container.framework,
        name: container.name,
        start: callee.startIndex,
        end: callee.endIndex,
        call: container.call,
        scope: container.scope,
        routes,
        unknownRoutes: unknown,
      };
    });
}

/** The container a route call is made on: `app.get(...)`, `app.router.add_get(...)`. */
function containerOf(object: Node | null, containers: Container[], module: PythonModule, at: number): Container | undefined {
  if (object?.type !== 'identifier') return undefined;
  const name = object.text;
  const scope = module.functionAt(at);
  return containers.find((container) => {
    if (container.name !== name) return false;
    if (container.scope) return at >= container.scope.start && at < container.scope.end;
    // A module-level app, unless a function between here and the module rebinds the name.
    for (let fn = scope; fn; fn = fn.parent) if (fn.locals.has(name) || fn.parameters.includes(name)) return false;
    return true;
  });
}

function literalPath(node: Node | null | undefined, module: PythonModule): string | undefined {
  return node ? stringValue(node, module.text) : undefined;
}

function addPath(container: Container, node: Node | null | undefined, module: PythonModule, prefix = ''): void {
  const path = literalPath(node, module);
  if (path === undefined) container.unknown = true;
  else if (path === '' || path.startsWith('/')) container.routes.push(joinRoute(prefix, path));
}

function collectRoute(call: Node, containers: Container[], module: PythonModule): void {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute') return;
  const method = fn.childForFieldName('attribute')?.text ?? '';
  const object = fn.childForFieldName('object');
  const parts = callParts(call);
  // aiohttp: app.router.add_get("/x", handler), app.router.add_route("GET", "/x", handler)
  if (object?.type === 'attribute' && object.childForFieldName('attribute')?.text === 'router' && /^add_(\w+)$/.test(method)) {
    const container = containerOf(object.childForFieldName('object'), containers, module, call.startIndex);
    if (!container) return;
    if (method === 'add_route') addPath(container, parts.positional[1] ?? parts.keywords.get('path'), module);
    else if (method === 'add_static' || method === 'add_resource') return;
    else addPath(container, parts.positional[0] ?? parts.keywords.get('path'), module);
    return;
  }
  const container = containerOf(object, containers, module, call.startIndex);
  if (!container) return;
  if (ROUTE_METHODS.has(method)) {
    const path = parts.positional[0] ?? parts.keywords.get('path') ?? parts.keywords.get('rule');
    const literal = literalPath(path, module);
    // aiohttp's Application is a mapping (`app.get("db")`): only "/..." paths are routes there.
    if (literal !== undefined && literal !== '' && !literal.startsWith('/')) return;
    if (!path && container.framework === 'aiohttp') return;
    addPath(container, path, module);
    return;
  }
  if (REGISTRATIONS.has(method)) {
    addPath(container, parts.positional[0] ?? parts.keywords.get('path') ?? parts.keywords.get('rule'), module);
    return;
  }
  if (method === 'include_router' || method === 'register_blueprint' || method === 'add_subapp' || method === 'mount') {
    const [first, second] = parts.positional;
    const routerNode =
      method === 'add_subapp' || method === 'mount' ? (second ?? parts.keywords.get('app')) : (first ?? parts.keywords.get('router'));
    const prefixNode =
      method === 'add_subapp' || method === 'mount'
        ? (first ?? parts.keywords.get('path'))
        : (parts.keywords.get('prefix') ?? parts.keywords.get('url_prefix'));
    const prefix = prefixNode ? literalPath(prefixNode, module) : '';
    if (method === 'mount') {
      // A mounted app (static files, a metrics app, a sub-app) is no router of this app, unless it is
      // one of this module's own routers or is mounted on a health path.
      if (prefix !== undefined && isHealthPath(prefix)) container.routes.push(prefix);
      if (
        routerNode?.type === 'identifier' &&
        containers.some((c) => c.name === routerNode.text && c.kind === 'router') &&
        prefix !== undefined
      ) {
        container.mounts.push({ name: routerNode.text, prefix });
      }
      return;
    }
    if (prefix === undefined || routerNode?.type !== 'identifier') {
      container.unknown = true;
      return;
    }
    container.mounts.push({ name: routerNode.text, prefix });
    return;
  }
  if (method === 'add_routes') {
    const argument = parts.positional[0];
    if (argument?.type === 'identifier') container.mounts.push({ name: argument.text, prefix: '' });
    else if (argument?.type === 'list') {
      for (const element of argument.namedChildren) {
        if (element?.type !== 'call') continue;
        const qualified = module.qualify(element.childForFieldName('function'), module.functionAt(element.startIndex)) ?? '';
        if (AIOHTTP_ROUTES.test(qualified)) addPath(container, callParts(element).positional[0], module);
      }
    } else container.unknown = true;
  }
}

/** Starlette `routes=[Route("/x", f), Mount("/api", routes=[...]), Mount("/sub", app=router)]`. */
function readRouteList(list: Node | undefined, container: Container, prefix: string, module: PythonModule, depth = 0): void {
  if (!list || depth > 4) return;
  if (list.type !== 'list') {
    container.unknown = true;
    return;
  }
  for (const element of list.namedChildren) {
    if (!element || element.type === 'comment') continue;
    if (element.type !== 'call') {
      container.unknown = true;
      continue;
    }
    const qualified = module.qualify(element.childForFieldName('function'), module.functionAt(element.startIndex)) ?? '';
    const parts = callParts(element);
    const path = parts.positional[0] ?? parts.keywords.get('path');
    if (/^starlette\.routing\.(Route|WebSocketRoute)$|^fastapi\.routing\.(APIRoute|APIWebSocketRoute)$/.test(qualified)) {
      addPath(container, path, module, prefix);
    } else if (qualified === 'starlette.routing.Mount') {
      const inner = literalPath(path, module);
      if (inner === undefined) {
        container.unknown = true;
        continue;
      }
      if (isHealthPath(inner)) container.routes.push(joinRoute(prefix, inner));
      const routes = parts.keywords.get('routes');
      if (routes) readRouteList(routes, container, joinRoute(prefix, inner), module, depth + 1);
      const app = parts.keywords.get('app') ?? parts.positional[1];
      if (app?.type === 'identifier') container.mounts.push({ name: app.text, prefix: joinRoute(prefix, inner) });
    } else if (qualified !== 'starlette.routing.Host') {
      container.unknown = true;
    }
  }
}
