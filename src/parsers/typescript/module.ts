import { isTestPath } from '../../knowledge/testFiles';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { EnvRead } from '../../core/project';
import { indentUnit } from './edits';
import type { Node } from './parse';

/**
 * Facts about one TS/JS module that every rule needs, computed once from the flat node list of the
 * single walk: import and require bindings (ESM default/named/namespace/aliases, CommonJS incl.
 * destructuring), local bindings per function scope, class fields (`this.client = new OpenAI()`),
 * serving-code detection as rules.md defines it, loggers and validators in use, environment reads.
 *
 * Qualified names are dotted strings rooted at a module name: `import ax from 'axios'` makes
 * `ax.get` resolve to `axios.get`; an instance is written with `()`: `const api = axios.create()`
 * makes `api.post` resolve to `axios.create().post`. Unbound globals resolve to their own name
 * (`fetch`, `process.env.X`); parameters and unknown values resolve to nothing.
 */

export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

export type ServingKind = 'route' | 'next-route' | 'pages-api';

export interface ServingInfo {
  kind: ServingKind;
  /** The route registration call (`app.post(...)`) for framework routes. */
  registration?: TSESTree.CallExpression;
  /** The route declares a request schema the framework validates (Fastify `schema`). */
  validatedBySchema: boolean;
}

export interface FunctionInfo {
  node: FunctionNode;
  /** Where a finding about the function as a whole sits: its name, else its registration call. */
  nameStart: number;
  nameEnd: number;
  named: boolean;
  parent: FunctionInfo | undefined;
  locals: Map<string, Binding>;
  /** Parameter names in order ('' for destructured parameters). */
  params: string[];
  serving?: ServingInfo;
}

interface Binding {
  /** The value the name was initialised with, resolved lazily. */
  init?: Node;
  /** A fixed qualified value (imports), or null for something unknowable (parameters). */
  value?: string | null;
  /** A function declared under this name. */
  fn?: FunctionNode;
}

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
/** Set by the constructor on every node of the walk: the innermost function around it, null at module level. */
const ENCLOSING = Symbol('enclosingFunction');
type Scoped = { [ENCLOSING]?: FunctionNode | null };
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options']);
const HTTP_EXPORTS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const SERVER_FRAMEWORKS = new Set([
  'express',
  'fastify',
  'koa',
  '@koa/router',
  'koa-router',
  'hono',
  'restify',
  'polka',
  'itty-router',
  'elysia',
  'h3',
  '@hapi/hapi',
]);
const APP_CONSTRUCTORS =
  /^(express\(\)|express\.Router\(\)|express\.express\(\)|fastify\(\)|fastify\.fastify\(\)|fastify\.default\(\)|koa\(\)|koa\.Koa\(\)|@koa\/router\(\)|koa-router\(\)|hono\.Hono\(\)|hono\/[\w-]+\.Hono\(\)|restify\.createServer\(\)|polka\(\)|itty-router\.Router\(\)|itty-router\.AutoRouter\(\)|elysia\.Elysia\(\)|h3\.createRouter\(\))$/;
const LOGGER_MODULES = new Set([
  'pino',
  'pino-http',
  'winston',
  'bunyan',
  'log4js',
  'loglevel',
  'consola',
  'tslog',
  'signale',
  'roarr',
  '@aws-lambda-powertools/logger',
  '@google-cloud/logging-winston',
  'nestjs-pino',
  'express-winston',
  'morgan',
  'hono/logger',
]);
export const VALIDATOR_MODULES = new Set([
  'zod',
  'joi',
  '@hapi/joi',
  'yup',
  'ajv',
  'class-validator',
  'valibot',
  'superstruct',
  '@sinclair/typebox',
  'io-ts',
  'runtypes',
  'arktype',
  'express-validator',
  'celebrate',
  'fastest-validator',
  'typia',
  '@effect/schema',
  '@vinejs/vine',
  '@hono/zod-validator',
  '@hono/valibot-validator',
  '@hono/typebox-validator',
  'express-joi-validation',
  'ow',
]);

/** `node:http` → `http`; `zod/v4` → `zod`; `@scope/pkg/sub` → `@scope/pkg`; relative paths stay. */
export function packageOf(source: string): string {
  const bare = source.startsWith('node:') ? source.slice(5) : source;
  if (bare.startsWith('.') || bare.startsWith('/')) return bare;
  const parts = bare.split('/');
  return bare.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function normaliseSource(source: string): string {
  return source.startsWith('node:') ? source.slice(5) : source;
}

export function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

export function propertyName(node: TSESTree.MemberExpression | TSESTree.Property | TSESTree.PropertyDefinition): string | undefined {
  const key = node.type === 'MemberExpression' ? node.property : node.key;
  if (!node.computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Identifier' && node.type !== 'MemberExpression' && !node.computed) return key.name;
  return stringValue(key) ?? (key.type === 'Literal' && typeof key.value === 'number' ? String(key.value) : undefined);
}

/** Strips TS-only wrappers, optional chains and parentheses' stand-ins around an expression. */
export function unwrap(node: Node): Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'TSSatisfiesExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
        current = current.expression;
        break;
      case 'ChainExpression':
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

export function isFunction(node: Node | undefined | null): node is FunctionNode {
  return !!node && FUNCTION_TYPES.has(node.type);
}

export class TsModule {
  readonly isTestFile: boolean;
  /** Package names imported or required anywhere (type-only imports included). */
  readonly importedPackages = new Set<string>();
  readonly imports: Array<{ source: string; node: Node }> = [];
  readonly functions = new Map<Node, FunctionInfo>();
  readonly servingFunctions: FunctionInfo[] = [];
  readonly envReads: EnvRead[] = [];
  /** The module calls `console.*` somewhere. */
  hasConsoleCall = false;
  /** The module imports or uses a logger (library, local logger module, framework logger). */
  hasLogger = false;
  /** The name of a logger instance a fix can call, when the module has one at top level. */
  loggerName: string | undefined;
  /** Names assigned `X.defaults.timeout = ...` (axios instances with a default timeout). */
  readonly defaultTimeouts = new Set<string>();
  readonly program: TSESTree.Program;

  private readonly moduleScope = new Map<string, Binding>();
  /** Imported names as types may use them, type-only imports included: `Request` → `express.Request`. */
  private readonly typeNames = new Map<string, string>();
  private readonly classFields = new Map<Node, Map<string, Binding>>();
  private readonly resolving = new Set<Node>();
  /** `qualify` results for the rules, once the constructor has bound every name (see `qualify`). */
  private readonly qualified = new Map<Node, string | undefined>();
  private bound = false;
  /** Names that may hold `process.env` (`import { env } from 'node:process'`, `const { env } = process`): their members may be env reads. */
  private readonly envAliases = new Set<string>();

  constructor(
    readonly path: string,
    readonly text: string,
    readonly nodes: readonly Node[],
  ) {
    this.program = nodes[0] as TSESTree.Program;
    this.isTestFile = isTestPath(path);
    // One pass over the walk's node list for bindings, imports and environment reads (parameters
    // are bound before their function's body is reached, so a shadowed `process` is seen); route
    // registrations wait until every handler name is bound.
    const calls: TSESTree.CallExpression[] = [];
    for (const node of nodes) {
      // Pre-order: a node's parent already knows its own enclosing function.
      const parent = node.parent;
      (node as Scoped)[ENCLOSING] = parent
        ? FUNCTION_TYPES.has(parent.type)
          ? (parent as FunctionNode)
          : (parent as Scoped)[ENCLOSING]
        : null;
      this.collect(node);
      if (node.type === 'CallExpression') calls.push(node);
      else if (node.type === 'MemberExpression') {
        const object = node.object;
        if (
          (object.type === 'MemberExpression' && object.property.type === 'Identifier' && object.property.name === 'env') ||
          (object.type === 'Identifier' && this.envAliases.has(object.name))
        )
          this.collectEnvRead(node);
      } else if (node.type === 'VariableDeclarator' && node.id.type === 'ObjectPattern' && node.init && isProcessEnv(node.init, this)) {
        for (const property of node.id.properties) {
          if (property.type !== 'Property') continue;
          const name = propertyName(property);
          if (name) {
            this.envReads.push({
              name,
              start: property.range[0],
              end: property.range[1],
              hasDefault: property.value.type === 'AssignmentPattern',
              missing: 'undefined',
            });
          }
        }
      }
    }
    for (const call of calls) this.detectRoute(call);
    this.detectFileRoutes();
    this.detectTypedHandlers();
    this.servingFunctions.sort((a, b) => a.node.range[0] - b.node.range[0]);
    if (!this.hasLogger) this.hasLogger = [...this.importedPackages].some((name) => LOGGER_MODULES.has(name));
    this.loggerName = this.findLoggerInstance();
    if (this.loggerName) this.hasLogger = true;
    this.bound = true;
  }

  /** A module-level logger instance a fix can call: `const logger = pino()`, or `logger` imported from a local module. */
  private findLoggerInstance(): string | undefined {
    for (const [name, binding] of this.moduleScope) {
      const value = this.valueOf(binding);
      if (!value) continue;
      if (value.startsWith('.')) {
        if (/^(logger|log)$/i.test(name)) return name;
        continue;
      }
      const root = /^(@[^/]+\/[^.(]+|[^.(]+)/.exec(value)?.[1];
      if (root && LOGGER_MODULES.has(root) && value.endsWith('()') && root !== 'morgan' && root !== 'pino-http') return name;
    }
    return undefined;
  }

  // ---- bindings -------------------------------------------------------------------------------

  private scopeFor(node: Node): Map<string, Binding> {
    return this.functionOf(node)?.locals ?? this.moduleScope;
  }

  private bind(scope: Map<string, Binding>, name: string, binding: Binding): void {
    if (!scope.has(name)) scope.set(name, binding);
  }

  private collect(node: Node): void {
    switch (node.type) {
      case 'ImportDeclaration': {
        const source = normaliseSource(node.source.value);
        this.importedPackages.add(packageOf(source));
        this.imports.push({ source, node });
        for (const specifier of node.specifiers) {
          if (specifier.type !== 'ImportSpecifier') continue;
          const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value;
          this.typeNames.set(specifier.local.name, `${source}.${imported}`);
          if (source === '@nestjs/common' && imported === 'Logger') this.hasLogger = true;
        }
        if (node.importKind === 'type') return;
        for (const specifier of node.specifiers) {
          if (specifier.type === 'ImportSpecifier' && specifier.importKind === 'type') continue;
          let value = source;
          if (specifier.type === 'ImportSpecifier') {
            const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value;
            if (imported !== 'default') value = `${source}.${imported}`;
          }
          this.moduleScope.set(specifier.local.name, { value });
          if (value === 'process.env') this.envAliases.add(specifier.local.name);
        }
        return;
      }
      case 'TSImportEqualsDeclaration':
        if (node.moduleReference.type === 'TSExternalModuleReference') {
          const source = stringValue(node.moduleReference.expression);
          if (source) {
            this.importedPackages.add(packageOf(normaliseSource(source)));
            this.moduleScope.set(node.id.name, { value: normaliseSource(source) });
          }
        }
        return;
      case 'ImportExpression': {
        const source = stringValue(node.source);
        if (source) this.importedPackages.add(packageOf(normaliseSource(source)));
        return;
      }
      case 'CallExpression': {
        const callee = node.callee;
        if (callee.type === 'Identifier' && callee.name === 'require' && node.arguments.length === 1) {
          const source = stringValue(node.arguments[0]);
          if (source) {
            this.importedPackages.add(packageOf(normaliseSource(source)));
            this.imports.push({ source: normaliseSource(source), node });
          }
        }
        if (callee.type === 'MemberExpression') {
          const receiver = unwrap(callee.object);
          if (receiver.type === 'Identifier' && receiver.name === 'console') this.hasConsoleCall = true;
          else if (
            /^(info|error|warn|warning|debug|fatal|trace|log|child)$/.test(propertyName(callee) ?? '') &&
            looksLikeLogger(receiver)
          ) {
            this.hasLogger = true;
          }
        }
        if (callee.type === 'Identifier' && /^(fastify|Fastify)$/.test(callee.name)) {
          const options = node.arguments[0];
          if (options?.type === 'ObjectExpression' && objectProperty(options, 'logger')) this.hasLogger = true;
        }
        return;
      }
      case 'VariableDeclarator': {
        const scope = this.scopeFor(node);
        if (node.id.type === 'Identifier') {
          const init = node.init ?? undefined;
          this.bind(scope, node.id.name, isFunction(init) ? { fn: init, init } : { init });
          if (init && unwrap(init).type === 'MemberExpression' && propertyName(unwrap(init) as TSESTree.MemberExpression) === 'env')
            this.envAliases.add(node.id.name);
        } else if (node.id.type === 'ObjectPattern') {
          for (const property of node.id.properties) {
            if (property.type === 'RestElement') {
              if (property.argument.type === 'Identifier') this.bind(scope, property.argument.name, { value: null });
              continue;
            }
            const key = propertyName(property);
            const local = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
            if (local.type !== 'Identifier') continue;
            if (key === 'env') this.envAliases.add(local.name);
            // The member is resolved through the initialiser: `const { get } = require('axios')`.
            this.bind(scope, local.name, key && node.init ? { init: syntheticMember(node.init, key) } : { value: null });
          }
        } else {
          for (const name of patternNames(node.id)) this.bind(scope, name, { value: null });
        }
        return;
      }
      case 'FunctionDeclaration':
        if (node.id) this.bind(this.scopeFor(node), node.id.name, { fn: node });
        this.registerFunction(node);
        return;
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        this.registerFunction(node);
        return;
      case 'ClassDeclaration':
        if (node.id) this.bind(this.scopeFor(node), node.id.name, { value: null });
        return;
      case 'CatchClause':
        if (node.param) for (const name of patternNames(node.param)) this.bind(this.scopeFor(node), name, { value: null });
        return;
      case 'PropertyDefinition': {
        const name = propertyName(node);
        const body = node.parent;
        if (name && node.value && body) this.classMap(body).set(name, { init: node.value });
        return;
      }
      case 'AssignmentExpression': {
        const left = node.left;
        if (left.type === 'MemberExpression' && unwrap(left.object).type === 'ThisExpression') {
          const name = propertyName(left);
          const body = enclosingClassBody(node);
          if (name && body) {
            const fields = this.classMap(body);
            if (!fields.has(name)) fields.set(name, { init: node.right });
          }
        } else if (left.type === 'Identifier' && node.operator === '=') {
          const binding = this.lookup(left.name, node);
          if (binding && binding.init === undefined && binding.value === undefined && !binding.fn) binding.init = node.right;
        } else if (left.type === 'MemberExpression' && propertyName(left) === 'timeout') {
          const defaults = unwrap(left.object);
          if (defaults.type === 'MemberExpression' && propertyName(defaults) === 'defaults') {
            const owner = this.qualify(defaults.object);
            if (owner) this.defaultTimeouts.add(owner);
          }
        }
        return;
      }
      default:
        return;
    }
  }

  private classMap(body: Node): Map<string, Binding> {
    let map = this.classFields.get(body);
    if (!map) this.classFields.set(body, (map = new Map()));
    return map;
  }

  private registerFunction(node: FunctionNode): void {
    const parent = this.functionOf(node);
    const params = node.params.map((param) => {
      const inner = param.type === 'TSParameterProperty' ? param.parameter : param;
      const target = inner.type === 'AssignmentPattern' ? inner.left : inner;
      return target.type === 'Identifier' ? target.name : '';
    });
    const locals = new Map<string, Binding>();
    for (const param of node.params) for (const name of patternNames(param)) locals.set(name, { value: null });
    if (node.type === 'FunctionExpression' && node.id) locals.set(node.id.name, { fn: node });
    const named = functionName(node);
    const info: FunctionInfo = {
      node,
      nameStart: named?.range[0] ?? node.range[0],
      nameEnd: named?.range[1] ?? node.range[0],
      named: !!named,
      parent,
      locals,
      params,
    };
    this.functions.set(node, info);
  }

  /** The innermost function around a node (not the node itself). */
  functionOf(node: Node): FunctionInfo | undefined {
    let around = (node as Scoped)[ENCLOSING];
    if (around === undefined) {
      // A node outside the walk (a synthetic member): up through its parents.
      around = null;
      for (let current = node.parent; current; current = current.parent) {
        if (FUNCTION_TYPES.has(current.type)) {
          around = current as FunctionNode;
          break;
        }
        const known = (current as Scoped)[ENCLOSING];
        if (known !== undefined) {
          around = known;
          break;
        }
      }
    }
    return around ? this.infoFor(around) : undefined;
  }

  private lookup(name: string, at: Node): Binding | undefined {
    for (let scope = this.functionOf(at); scope; scope = scope.parent) {
      const binding = scope.locals.get(name);
      if (binding) return binding;
    }
    return this.moduleScope.get(name);
  }

  /** The function whose scope declares `name` as seen from `at`; undefined for module scope or globals. */
  declaringFunction(name: string, at: Node): FunctionInfo | undefined {
    for (let scope = this.functionOf(at); scope; scope = scope.parent) {
      if (scope.locals.has(name)) return scope;
    }
    return undefined;
  }

  /** The expression a name was initialised with, as seen from `at`. */
  initOf(name: string, at: Node): Node | undefined {
    return this.lookup(name, at)?.init;
  }

  /** Whether `name` at `at` is the unshadowed global of that name. */
  isGlobal(name: string, at: Node): boolean {
    return !this.lookup(name, at);
  }

  /** What `name` means at `at`, qualified: its own name for an unshadowed global (`process`), `process` for `import p from 'node:process'`. */
  qualifyName(name: string, at: Node): string | undefined {
    const binding = this.lookup(name, at);
    return binding ? this.valueOf(binding) : name;
  }

  /** The function a name refers to at a position, when it is declared in this module. */
  functionNamed(name: string, at: Node): FunctionNode | undefined {
    const binding = this.lookup(name, at);
    if (binding?.fn) return binding.fn;
    const init = binding?.init ? unwrap(binding.init) : undefined;
    return isFunction(init) ? init : undefined;
  }

  /** The dotted qualified name of an expression, or undefined when it cannot be tied to a module or global. */
  qualify(expression: Node | null | undefined): string | undefined {
    if (!expression) return undefined;
    // Several rules qualify the same callee. Only a result computed from the top (nothing being
    // resolved) with every name bound is the node's for good: mid-resolution, a cycle cuts it short.
    if (!this.bound || this.resolving.size) return this.resolve(expression);
    let result = this.qualified.get(expression);
    if (result === undefined && !this.qualified.has(expression)) {
      result = this.resolve(expression);
      this.qualified.set(expression, result);
    }
    return result;
  }

  private resolve(expression: Node): string | undefined {
    const node = unwrap(expression);
    switch (node.type) {
      case 'Identifier': {
        const binding = this.lookup(node.name, node);
        if (!binding) return node.name;
        return this.valueOf(binding);
      }
      case 'MemberExpression': {
        const name = propertyName(node);
        if (!name) return undefined;
        const object = unwrap(node.object);
        if (object.type === 'ThisExpression') {
          const body = enclosingClassBody(node);
          const field = body ? this.classFields.get(body)?.get(name) : undefined;
          return field ? this.valueOf(field) : undefined;
        }
        const base = this.qualify(object);
        if (!base) return undefined;
        return name === 'default' ? base : `${base}.${name}`;
      }
      case 'CallExpression': {
        const callee = unwrap(node.callee);
        if (callee.type === 'Identifier' && callee.name === 'require' && this.isGlobal('require', callee)) {
          const source = stringValue(node.arguments[0]);
          return source ? normaliseSource(source) : undefined;
        }
        const base = this.qualify(callee);
        return base ? `${base}()` : undefined;
      }
      case 'NewExpression': {
        const base = this.qualify(node.callee);
        return base ? `${base}()` : undefined;
      }
      case 'AwaitExpression':
        return this.qualify(node.argument);
      case 'ImportExpression': {
        const source = stringValue(node.source);
        return source ? normaliseSource(source) : undefined;
      }
      default:
        return undefined;
    }
  }

  private valueOf(binding: Binding): string | undefined {
    if (binding.value !== undefined) return binding.value ?? undefined;
    if (!binding.init || this.resolving.has(binding.init)) return undefined;
    this.resolving.add(binding.init);
    try {
      return this.qualify(binding.init);
    } finally {
      this.resolving.delete(binding.init);
    }
  }

  // ---- serving code ---------------------------------------------------------------------------

  private importsServerFramework(): boolean {
    for (const name of this.importedPackages) if (SERVER_FRAMEWORKS.has(name) || name.startsWith('@fastify/')) return true;
    return false;
  }

  /** `app.get|post|…(path, …, handler)` and `router.*` on an Express/Fastify/Koa/Hono app or router. */
  private detectRoute(call: TSESTree.CallExpression): void {
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression') return;
    const method = propertyName(callee);
    if (!method) return;
    if (method === 'route' && call.arguments.length === 1 && call.arguments[0].type === 'ObjectExpression') {
      // Fastify's full declaration: fastify.route({ method, url, schema, handler }).
      const options = call.arguments[0];
      const handler = objectProperty(options, 'handler');
      if (!objectProperty(options, 'url') || !handler || !this.isAppReceiver(callee.object)) return;
      this.markServing(
        handler.value as Node,
        { kind: 'route', registration: call, validatedBySchema: !!objectProperty(options, 'schema') },
        call,
      );
      return;
    }
    if (!ROUTE_METHODS.has(method)) return;
    // Express chains: app.route('/score').get(handler).post(handler)
    const chained = this.routeChainOf(callee.object);
    if (chained) {
      for (const argument of call.arguments)
        this.markServing(argument, { kind: 'route', registration: call, validatedBySchema: false }, call);
      return;
    }
    if (call.arguments.length < 2) return;
    const path = call.arguments[0];
    const pathText = stringValue(path) ?? (path.type === 'TemplateLiteral' ? (path.quasis[0].value.cooked ?? undefined) : undefined);
    if (pathText === undefined || !(pathText.startsWith('/') || pathText === '*')) return;
    if (!this.isAppReceiver(callee.object)) return;
    let validatedBySchema = false;
    for (const argument of call.arguments.slice(1)) {
      if (argument.type === 'ObjectExpression' && objectProperty(argument, 'schema')) validatedBySchema = true;
    }
    for (const argument of call.arguments.slice(1)) {
      this.markServing(argument, { kind: 'route', registration: call, validatedBySchema }, call);
    }
  }

  /** The `app.route(path)` call at the root of `app.route(path).get(…).post(…)`, if that is what `object` is. */
  private routeChainOf(object: Node): TSESTree.CallExpression | undefined {
    let current = unwrap(object);
    while (current.type === 'CallExpression') {
      const callee = unwrap(current.callee);
      if (callee.type !== 'MemberExpression') return undefined;
      const method = propertyName(callee);
      if (method === 'route') {
        const path = stringValue(current.arguments[0]);
        return path?.startsWith('/') && this.isAppReceiver(callee.object) ? current : undefined;
      }
      if (!method || !ROUTE_METHODS.has(method)) return undefined;
      current = unwrap(callee.object);
    }
    return undefined;
  }

  private isAppReceiver(receiver: Node): boolean {
    const qualified = this.qualify(receiver);
    if (qualified && APP_CONSTRUCTORS.test(qualified)) return true;
    const object = unwrap(receiver);
    const name = object.type === 'Identifier' ? object.name : object.type === 'MemberExpression' ? propertyName(object) : undefined;
    if (!name) return false;
    // Tied to some other library (an axios instance, a cache client): not an app.
    if (qualified && qualified !== name && !qualified.startsWith('.')) return false;
    // An app or router handed in as a parameter or imported from a local module: trust the
    // conventional names, more of them when the module imports a server framework.
    if (this.importsServerFramework()) return /(app|router|server|fastify|routes?|api|instance)$/i.test(name);
    return /^(app|router|server|fastify)$/.test(name);
  }

  private markServing(argument: Node, serving: ServingInfo, registration: TSESTree.CallExpression, wrapped = false): void {
    let target: Node | undefined = unwrap(argument);
    if (target.type === 'CallExpression' && !wrapped) {
      // `asyncHandler(async (req, res) => …)`, `catchAsync(score)`: the wrapped function serves.
      for (const inner of target.arguments) this.markServing(inner, serving, registration, true);
      return;
    }
    if (target.type === 'Identifier') target = this.functionNamed(target.name, target);
    if (!isFunction(target)) return;
    const info = this.infoFor(target);
    if (info.serving) return;
    info.serving = serving;
    if (!info.named) {
      info.nameStart = registration.callee.range[0];
      info.nameEnd = registration.callee.range[1];
    }
    this.servingFunctions.push(info);
  }

  private infoFor(node: FunctionNode): FunctionInfo {
    let info = this.functions.get(node);
    if (!info) {
      this.registerFunction(node);
      info = this.functions.get(node)!;
    }
    return info;
  }

  /**
   * Handlers defined apart from their registration (controller modules): a function whose request
   * and response parameters are typed with the framework's own types, `(req: Request, res: Response)`
   * from express, `(request: FastifyRequest, reply: FastifyReply)`, Next.js `NextApiRequest`.
   */
  private detectTypedHandlers(): void {
    if (!this.typeNames.size) return;
    for (const info of [...this.functions.values()]) {
      if (info.serving) continue;
      const [request, response] = info.node.params.map((param) => this.typeNameOf(param));
      const typed =
        (request === 'express.Request' && response === 'express.Response') ||
        (request === 'fastify.FastifyRequest' && response === 'fastify.FastifyReply') ||
        (request === 'next.NextApiRequest' && response === 'next.NextApiResponse');
      if (!typed) continue;
      info.serving = { kind: 'route', validatedBySchema: false };
      this.servingFunctions.push(info);
    }
  }

  private typeNameOf(param: Node): string | undefined {
    const annotation = (param as { typeAnnotation?: TSESTree.TSTypeAnnotation }).typeAnnotation?.typeAnnotation;
    if (annotation?.type !== 'TSTypeReference') return undefined;
    const name = annotation.typeName;
    if (name.type === 'Identifier') return this.typeNames.get(name.name);
    if (name.type === 'TSQualifiedName' && name.left.type === 'Identifier') {
      // `express.Request` with `import express from 'express'` / `import * as express from 'express'`.
      const namespace = this.moduleScope.get(name.left.name)?.value;
      return namespace ? `${namespace}.${name.right.name}` : undefined;
    }
    return undefined;
  }

  /** Next.js `app/**\/route.ts` method exports and `pages/api` default exports. */
  private detectFileRoutes(): void {
    const normalised = this.path.replace(/\\/g, '/');
    const appRoute = /(^|\/)app\/(.*\/)?route\.[cm]?[jt]sx?$/.test(normalised);
    const pagesApi = /(^|\/)pages\/api\//.test(normalised);
    if (!appRoute && !pagesApi) return;
    for (const statement of this.program.body) {
      if (appRoute && statement.type === 'ExportNamedDeclaration' && statement.declaration) {
        const declaration = statement.declaration;
        if (declaration.type === 'FunctionDeclaration' && declaration.id && HTTP_EXPORTS.has(declaration.id.name)) {
          this.markFileRoute(declaration, 'next-route');
        } else if (declaration.type === 'VariableDeclaration') {
          for (const declarator of declaration.declarations) {
            if (declarator.id.type === 'Identifier' && HTTP_EXPORTS.has(declarator.id.name) && declarator.init) {
              this.markFileRoute(declarator.init, 'next-route', declarator.id);
            }
          }
        }
      } else if (pagesApi && statement.type === 'ExportDefaultDeclaration') {
        this.markFileRoute(statement.declaration, 'pages-api');
      }
    }
  }

  private markFileRoute(node: Node, kind: ServingKind, name?: Node): void {
    let target: Node | undefined = unwrap(node);
    if (target.type === 'Identifier') target = this.functionNamed(target.name, target);
    else if (target.type === 'CallExpression') {
      // `export default withAuth(handler)`: the wrapped handler serves.
      for (const argument of target.arguments) this.markFileRoute(argument, kind);
      return;
    }
    if (!isFunction(target)) return;
    const info = this.infoFor(target);
    if (info.serving) return;
    info.serving = { kind, validatedBySchema: false };
    if (name && !info.named) {
      info.nameStart = name.range[0];
      info.nameEnd = name.range[1];
      info.named = true;
    }
    this.servingFunctions.push(info);
  }

  /** The serving function a node runs in: its own function or any enclosing one that serves. */
  servingFunctionOf(node: Node): FunctionInfo | undefined {
    for (let fn = this.functionOf(node); fn; fn = fn.parent) if (fn.serving) return fn;
    return undefined;
  }

  get hasServingCode(): boolean {
    return this.servingFunctions.length > 0;
  }

  /** Whether a validator library is imported (rules.md: zod/joi/yup/ajv/class-validator/…). */
  get importsValidator(): boolean {
    for (const name of this.importedPackages) if (VALIDATOR_MODULES.has(name)) return true;
    return false;
  }

  /** The file's indentation unit (`indentUnit`), read once: fixes ask for it each, and a file indented by 4 is read to its end. */
  get indentUnit(): string {
    return (this.indentUnitOnce ??= indentUnit(this.text));
  }

  private indentUnitOnce: string | undefined;

  /** The call a fix should use to log an error: the module's logger, else console. */
  errorLogCall(argument: string): string {
    return `${this.loggerName ?? 'console'}.error(${argument})`;
  }

  // ---- environment reads ----------------------------------------------------------------------

  private collectEnvRead(node: TSESTree.MemberExpression): void {
    if (!isProcessEnv(node.object, this)) return;
    const name = propertyName(node);
    if (!name) return;
    const parent = node.parent;
    if (parent?.type === 'AssignmentExpression' && parent.left === node) return;
    if (parent?.type === 'UnaryExpression' && parent.operator === 'delete') return;
    this.envReads.push({ name, start: node.range[0], end: node.range[1], hasDefault: hasFallback(node), missing: 'undefined' });
  }
}

/**
 * The `process.env` object: through the global `process` where nothing shadows it, or `process`
 * imported from 'process' / 'node:process' (default, namespace or `require`), or `env` taken from
 * it (`import { env } from 'node:process'`, `const { env } = process`, `const e = process.env`).
 */
export function isProcessEnv(node: Node, module: TsModule): boolean {
  const object = unwrap(node);
  if (object.type === 'MemberExpression') {
    if (propertyName(object) !== 'env') return false;
  } else if (object.type !== 'Identifier') return false;
  return PROCESS_ENV.has(module.qualify(object) ?? '');
}

const PROCESS_ENV = new Set(['process.env', 'globalThis.process.env', 'global.process.env']);

/** `process.env.X ?? d`, `process.env.X || d`, `Number(process.env.X) || d`, a ternary on it, `const { X = d } = process.env`. */
export function hasFallback(read: Node): boolean {
  let current: Node = read;
  for (;;) {
    const parent = current.parent;
    if (!parent) return false;
    if (parent.type === 'LogicalExpression') return parent.left === current && (parent.operator === '??' || parent.operator === '||');
    if (parent.type === 'ConditionalExpression') return parent.test === current;
    if (
      (parent.type === 'MemberExpression' && parent.object === current) ||
      (parent.type === 'CallExpression' && (parent.callee === current || isConversion(parent))) ||
      parent.type === 'ChainExpression' ||
      parent.type === 'TSAsExpression' ||
      parent.type === 'TSNonNullExpression'
    ) {
      current = parent;
      continue;
    }
    return false;
  }
}

function isConversion(call: TSESTree.CallExpression): boolean {
  const callee = call.callee;
  return callee.type === 'Identifier' && /^(Number|String|Boolean|parseInt|parseFloat)$/.test(callee.name);
}

function looksLikeLogger(receiver: Node): boolean {
  if (receiver.type === 'Identifier') return /^(logger|log|_logger|_log)$/i.test(receiver.name) || /Logger$/.test(receiver.name);
  if (receiver.type === 'MemberExpression') {
    const name = propertyName(receiver);
    return !!name && /^(logger|log|_logger)$/i.test(name);
  }
  return false;
}

export function objectProperty(object: TSESTree.ObjectExpression, key: string): TSESTree.Property | undefined {
  for (const property of object.properties) {
    if (property.type === 'Property' && propertyName(property) === key) return property;
  }
  return undefined;
}

function enclosingClassBody(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'ClassBody') return current;
  }
  return undefined;
}

function functionName(node: FunctionNode): Node | undefined {
  if (node.id) return node.id;
  const parent = node.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id;
  if ((parent?.type === 'Property' || parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition') && !parent.computed) {
    return parent.key;
  }
  return undefined;
}

function patternNames(pattern: Node): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'AssignmentPattern':
      return patternNames(pattern.left);
    case 'RestElement':
      return patternNames(pattern.argument);
    case 'TSParameterProperty':
      return patternNames(pattern.parameter);
    case 'ArrayPattern':
      return pattern.elements.flatMap((element) => (element ? patternNames(element) : []));
    case 'ObjectPattern':
      return pattern.properties.flatMap((property) =>
        property.type === 'RestElement' ? patternNames(property) : patternNames(property.value),
      );
    default:
      return [];
  }
}

/** A member access node that never enters the tree: lets `const { get } = require('axios')` resolve as `require('axios').get`. */
function syntheticMember(object: Node, name: string): Node {
  const member = {
    type: 'MemberExpression',
    object,
    property: { type: 'Identifier', name, range: object.range },
    computed: false,
    optional: false,
    range: object.range,
    parent: object.parent,
  };
  return member as unknown as Node;
}

/**
 * The name a value is assigned to or passed as: a variable, an object key, a class field, an
 * assignment target, a parameter default, a JSX attribute — looking through `as`, `??`/`||`
 * fallbacks and ternary branches (`const apiKey = process.env.KEY ?? "literal"` names the literal `apiKey`).
 */
export function assignedName(node: Node): string | undefined {
  let current: Node = node;
  for (let parent = current.parent; parent; current = parent, parent = parent.parent) {
    switch (parent.type) {
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
        continue;
      case 'LogicalExpression':
        if (parent.right === current) continue;
        return undefined;
      case 'ConditionalExpression':
        if (parent.test !== current) continue;
        return undefined;
      case 'VariableDeclarator':
        return parent.init === current && parent.id.type === 'Identifier' ? parent.id.name : undefined;
      case 'Property':
        return parent.value === current ? propertyName(parent) : undefined;
      case 'PropertyDefinition':
        return parent.value === current ? propertyName(parent) : undefined;
      case 'AssignmentExpression':
        if (parent.right !== current) return undefined;
        if (parent.left.type === 'Identifier') return parent.left.name;
        return parent.left.type === 'MemberExpression' ? propertyName(parent.left) : undefined;
      case 'AssignmentPattern':
        return parent.right === current && parent.left.type === 'Identifier' ? parent.left.name : undefined;
      case 'JSXExpressionContainer':
        continue;
      case 'JSXAttribute':
        return parent.name.type === 'JSXIdentifier' ? parent.name.name : undefined;
      default:
        return undefined;
    }
  }
  return undefined;
}

/** Whether a literal is a module specifier (`import … from "x"`, `require("x")`, `export … from`). */
export function isModuleSpecifier(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (
    (parent.type === 'ImportDeclaration' || parent.type === 'ExportNamedDeclaration' || parent.type === 'ExportAllDeclaration') &&
    parent.source === node
  )
    return true;
  if (parent.type === 'ImportExpression' || parent.type === 'TSExternalModuleReference') return true;
  return parent.type === 'CallExpression' && parent.callee.type === 'Identifier' && parent.callee.name === 'require';
}

/** Wraps an expression's replacement in parentheses unless its position cannot change how it binds. */
export function inSafeExpressionSlot(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.init === node;
    case 'Property':
    case 'PropertyDefinition':
      return parent.value === node;
    case 'CallExpression':
    case 'NewExpression':
      return parent.arguments.includes(node as never);
    case 'AssignmentExpression':
      return parent.right === node && parent.operator === '=';
    case 'AssignmentPattern':
      return parent.right === node;
    case 'ReturnStatement':
    case 'JSXExpressionContainer':
      return true;
    case 'ArrayExpression':
      return true;
    default:
      return false;
  }
}
