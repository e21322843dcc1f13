import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isHealthPath, isTsMetricsPackage, joinRoute, type WebFramework } from '../../knowledge/webApps';
import { objectProperty, propertyName, stringValue, unwrap, type TsModule } from './module';
import type { Node } from './parse';

/**
 * The web apps a TS/JS module creates (Express, Fastify, Koa, Hono) and the routes they serve as far
 * as this module shows them: `app.get('/x', ...)` and the other methods, `app.route('/x')` chains,
 * Fastify `app.route({ url })`, local routers mounted with a literal prefix (`app.use('/api', router)`,
 * Koa `app.use(router.routes())`, Hono `app.route('/api', sub)`). A router or plugin imported from a
 * local module, or a computed path, makes the routes `unknown`; middleware from packages does not.
 */

export interface TsWebApp {
  framework: WebFramework;
  name: string;
  /** The constructor's callee (where findings sit). */
  start: number;
  end: number;
  /** The statement that creates the app (where a fix inserts a route after). */
  statement: Node | undefined;
  routes: string[];
  unknownRoutes: boolean;
}

interface Container {
  framework: WebFramework;
  router: boolean;
  name: string;
  node: TSESTree.CallExpression | TSESTree.NewExpression;
  statement: Node | undefined;
  routes: string[];
  unknown: boolean;
  mounts: Array<{ name: string; prefix: string }>;
}

const CONSTRUCTORS: Array<[RegExp, WebFramework, boolean]> = [
  [/^express(\.express|\.default)?\(\)$/, 'express', false],
  [/^express(\.default)?\.Router\(\)$/, 'express', true],
  [/^fastify(\.fastify|\.default)?\(\)$/, 'fastify', false],
  [/^koa(\.Koa|\.default)?\(\)$/, 'koa', false],
  [/^(@koa\/router|koa-router)(\.default|\.Router)?\(\)$/, 'koa', true],
  [/^hono(\/[\w-]+)?\.Hono\(\)$/, 'hono', false],
];
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options']);
const FRAMEWORK_PACKAGES = ['express', 'fastify', 'koa', '@koa/router', 'koa-router', 'hono'];

const cache = new WeakMap<TsModule, TsWebApp[]>();

export function webAppsOf(module: TsModule): TsWebApp[] {
  let apps = cache.get(module);
  if (!apps) cache.set(module, (apps = detect(module)));
  return apps;
}

export function importsMetricsPackage(module: TsModule): boolean {
  for (const name of module.importedPackages) if (isTsMetricsPackage(name)) return true;
  return false;
}

export function servesHealthRoute(app: TsWebApp): boolean {
  return app.routes.some(isHealthPath);
}

function pathOf(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const value = unwrap(node);
  return stringValue(value);
}

function detect(module: TsModule): TsWebApp[] {
  if (!FRAMEWORK_PACKAGES.some((name) => module.importedPackages.has(name))) return [];
  const containers: Container[] = [];
  const calls: TSESTree.CallExpression[] = [];
  for (const node of module.nodes) {
    if (node.type === 'CallExpression') calls.push(node);
    if (node.type !== 'VariableDeclarator' || node.id.type !== 'Identifier' || !node.init) continue;
    const init = unwrap(node.init);
    if (init.type !== 'CallExpression' && init.type !== 'NewExpression') continue;
    const qualified = module.qualify(init);
    if (!qualified) continue;
    const match = CONSTRUCTORS.find(([pattern]) => pattern.test(qualified));
    if (!match) continue;
    const declaration = node.parent;
    containers.push({
      framework: match[1],
      router: match[2],
      name: node.id.name,
      node: init,
      statement: declaration?.type === 'VariableDeclaration' && declaration.declarations.length === 1 ? declaration : undefined,
      routes: [],
      unknown: false,
      mounts: [],
    });
  }
  if (!containers.length) return [];
  const find = (object: Node): Container | undefined => {
    const target = unwrap(object);
    if (target.type !== 'Identifier') return undefined;
    return containers.find((container) => container.name === target.name && module.initOf(target.name, target) === container.node);
  };
  for (const call of calls) {
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression') continue;
    const method = propertyName(callee);
    if (!method) continue;
    // app.route('/x').get(...).post(...)
    const object = unwrap(callee.object);
    if (ROUTE_METHODS.has(method) && object.type === 'CallExpression') {
      let root: Node = object;
      while (root.type === 'CallExpression' && unwrap(root.callee).type === 'MemberExpression') {
        const inner = unwrap(root.callee) as TSESTree.MemberExpression;
        if (propertyName(inner) === 'route') {
          const container = find(inner.object);
          if (container) addPath(container, root.arguments[0]);
          break;
        }
        root = unwrap(inner.object);
      }
      continue;
    }
    const container = find(object);
    if (!container) continue;
    const [first, second] = call.arguments;
    if (ROUTE_METHODS.has(method)) {
      if (call.arguments.length >= 2) addPath(container, first);
    } else if (method === 'route') {
      if (first && unwrap(first).type === 'ObjectExpression') {
        const url =
          objectProperty(unwrap(first) as TSESTree.ObjectExpression, 'url') ??
          objectProperty(unwrap(first) as TSESTree.ObjectExpression, 'path');
        if (url) addPath(container, url.value as Node);
      } else if (second) {
        // Hono: app.route('/api', sub)
        const prefix = pathOf(first);
        const sub = unwrap(second);
        if (prefix !== undefined && sub.type === 'Identifier') container.mounts.push({ name: sub.name, prefix });
        else container.unknown = true;
      }
    } else if (method === 'use' || method === 'register') {
      const prefixed = pathOf(first) !== undefined;
      const prefix = pathOf(first) ?? '';
      for (const argument of call.arguments.slice(prefixed ? 1 : 0)) {
        const value = unwrap(argument);
        if (value.type === 'ObjectExpression') {
          const inner = objectProperty(value, 'prefix');
          if (inner && pathOf(inner.value as Node) === undefined) container.unknown = true;
          continue;
        }
        // Koa: app.use(router.routes())
        if (value.type === 'CallExpression') {
          const inner = unwrap(value.callee);
          if (inner.type === 'MemberExpression' && propertyName(inner) === 'routes' && find(inner.object)) {
            container.mounts.push({ name: (unwrap(inner.object) as TSESTree.Identifier).name, prefix });
          }
          continue;
        }
        if (value.type !== 'Identifier') continue;
        if (find(value)) {
          container.mounts.push({ name: value.name, prefix });
          continue;
        }
        // Middleware from a package (`cors`, `helmet`) or a function of this module serves no routes; a local module's export may be a router.
        if (module.functionNamed(value.name, value)) continue;
        const qualified = module.qualify(value);
        if (qualified === undefined || qualified.startsWith('.') || qualified === value.name) container.unknown = true;
      }
    }
  }
  const byName = (name: string) =>
    containers.find((container) => container.name === name && container.router) ?? containers.find((c) => c.name === name);
  const flatten = (container: Container, seen: Set<Container>): { routes: string[]; unknown: boolean } => {
    const routes = [...container.routes];
    let unknown = container.unknown;
    for (const mount of container.mounts) {
      const router = byName(mount.name);
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
  const mounted = new Set(containers.flatMap((container) => container.mounts.map((mount) => mount.name)));
  return containers
    .filter((container) => !container.router && !mounted.has(container.name))
    .map((container) => {
      const { routes, unknown } = flatten(container, new Set([container]));
      const callee = container.node.callee;
      return {
        framework: container.framework,
        name: container.name,
        start: callee.range[0],
        end: callee.range[1],
        statement: container.statement,
        routes,
        unknownRoutes: unknown,
      };
    });
}

function addPath(container: Container, node: Node | undefined): void {
  const path = pathOf(node);
  if (path === undefined) container.unknown = true;
  else if (path.startsWith('/') || path === '' || path === '*') container.routes.push(path);
}
