import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { AppFact, ScriptModuleFacts, WebFramework } from '../../deployment/facts';
import { objectProperty, propertyName, stringValue, unwrap, type TsModule } from './module';

/**
 * What a TS/JS module tells the deployment model (deployment.md §1, §2, §4), from the node list of
 * the one walk: the imports that may name project files, the `"use client"` / `"use server"`
 * directive, web apps (Express, Fastify, Koa, Hono) with their literal routes and mounts, and the
 * port `listen()` is given.
 */

const APPS: Array<[RegExp, WebFramework]> = [
  [/^express(\.express)?\(\)$/, 'express'],
  [/^fastify(\.fastify|\.default)?\(\)$/, 'fastify'],
  [/^koa(\.Koa)?\(\)$/, 'koa'],
  [/^hono(\/[\w-]+)?\.Hono\(\)$/, 'hono'],
];
const ROUTE_METHODS = /^(get|post|put|patch|delete|del|all|head|options)$/;

export function scriptModuleDeployment(module: TsModule): ScriptModuleFacts {
  const facts: ScriptModuleFacts = { localImports: [], apps: [], routes: [], mounts: [], ports: [] };
  for (const entry of module.imports) if (!facts.localImports.includes(entry.source)) facts.localImports.push(entry.source);
  const first = module.program.body[0];
  if (first?.type === 'ExpressionStatement' && first.directive) {
    const directive = first.directive;
    if (directive === 'use client' || directive === 'use server') facts.directive = directive;
  } else if (first?.type === 'ExpressionStatement' && first.expression.type === 'Literal') {
    const value = first.expression.value;
    if (value === 'use client' || value === 'use server') facts.directive = value;
  }
  for (const node of module.nodes) {
    if (node.type === 'ImportExpression') {
      const source = stringValue(node.source);
      if (source && !facts.localImports.includes(source)) facts.localImports.push(source);
      continue;
    }
    if (node.type === 'NewExpression' || node.type === 'CallExpression') {
      const qualified = module.qualify(node);
      const framework = qualified ? APPS.find(([pattern]) => pattern.test(qualified))?.[1] : undefined;
      if (framework) {
        const app: AppFact = { framework, start: node.range[0], end: node.range[1] };
        const parent = node.parent;
        if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') app.name = parent.id.name;
        facts.apps.push(app);
        continue;
      }
    }
    if (node.type !== 'CallExpression') continue;
    const callee = unwrap(node.callee);
    if (callee.type !== 'MemberExpression') continue;
    const method = propertyName(callee);
    if (!method) continue;
    const receiver = unwrap(callee.object);
    const receiverName = receiver.type === 'Identifier' ? receiver.name : undefined;
    if (ROUTE_METHODS.test(method) && node.arguments.length >= 2) {
      const path = stringValue(node.arguments[0]);
      if (path?.startsWith('/')) facts.routes.push({ path, receiver: receiverName, start: node.range[0], end: node.range[1] });
    } else if (method === 'route' && node.arguments.length === 1 && node.arguments[0].type === 'ObjectExpression') {
      const url = objectProperty(node.arguments[0], 'url') ?? objectProperty(node.arguments[0], 'path');
      const path = url ? stringValue(url.value as TSESTree.Expression) : undefined;
      if (path?.startsWith('/')) facts.routes.push({ path, receiver: receiverName, start: node.range[0], end: node.range[1] });
    } else if ((method === 'use' || method === 'route' || method === 'register') && node.arguments.length >= 2) {
      const prefix = stringValue(node.arguments[0]);
      const mounted = unwrap(node.arguments[1] as TSESTree.Expression);
      if (prefix?.startsWith('/') && mounted.type === 'Identifier') facts.mounts.push({ router: mounted.name, prefix });
    } else if (method === 'listen') {
      const port = listenPort(node.arguments[0]);
      if (port !== undefined) facts.ports.push({ ...port, start: node.range[0], end: node.range[1] });
    }
  }
  return facts;
}

/** `listen(3000)`, `listen({ port: 3000 })`, `listen(process.env.PORT || 3000)`, `listen(PORT)` with `const PORT = ...`. */
function listenPort(argument: TSESTree.CallExpressionArgument | undefined): { port: number; source: 'run' | 'env' } | undefined {
  if (!argument) return undefined;
  let node = unwrap(argument as TSESTree.Expression);
  if (node.type === 'ObjectExpression') {
    const port = objectProperty(node, 'port');
    if (!port) return undefined;
    node = unwrap(port.value as TSESTree.Expression);
  }
  for (let depth = 0; depth < 3 && node.type === 'Identifier'; depth++) {
    const declarator = declaratorOf(node);
    if (!declarator?.init) return undefined;
    node = unwrap(declarator.init);
  }
  if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && /^(Number|parseInt)$/.test(node.callee.name)) {
    node = unwrap(node.arguments[0] as TSESTree.Expression);
  }
  if (node.type === 'Literal' && typeof node.value === 'number') return { port: node.value, source: 'run' };
  if (node.type === 'LogicalExpression' && (node.operator === '||' || node.operator === '??')) {
    const fallback = unwrap(node.right);
    const value = fallback.type === 'Literal' ? Number(fallback.value) : NaN;
    if (Number.isInteger(value) && value > 0) return { port: value, source: 'env' };
  }
  return undefined;
}

/** The `const NAME = ...` declarator of an identifier at module level, found by walking up the tree. */
function declaratorOf(identifier: TSESTree.Identifier): TSESTree.VariableDeclarator | undefined {
  let program: TSESTree.Node | undefined = identifier;
  while (program && program.type !== 'Program') program = program.parent;
  if (!program) return undefined;
  for (const statement of program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type !== 'VariableDeclaration') continue;
    for (const declarator of declaration.declarations) {
      if (declarator.id.type === 'Identifier' && declarator.id.name === identifier.name) return declarator;
    }
  }
  return undefined;
}
