import { isTestPath } from '../../knowledge/testFiles';
import type { Node } from '@vscode/tree-sitter-wasm';

/**
 * Facts about one Python module that every rule needs, computed once from the capture list
 * of the single query walk: import and alias bindings, scopes with their local names,
 * serving-code detection as rules.md defines it, and `if __name__ == "__main__"` blocks.
 *
 * Qualified names are dotted strings: `requests.post`, and an instance is written with `()`:
 * a `requests.Session()` bound to `s` makes `s.post` resolve to `requests.Session().post`.
 */

export interface Span {
  start: number;
  end: number;
}

export interface Capture extends Span {
  kind: string;
  node: Node;
}

export type ServingKind = 'route' | 'model-server' | 'ray-serve' | 'lambda' | 'torchserve' | 'aiohttp';

export interface FunctionInfo extends Span {
  node: Node;
  name: string;
  /** The name node of the `def` (where module-level findings sit). */
  nameStart: number;
  nameEnd: number;
  /** Start of the `def` line's decorators, or of `def` itself. */
  outerStart: number;
  decorators: string[];
  /** Raw decorator expressions (text), for rules that look at arguments. */
  decoratorNodes: Node[];
  parameters: string[];
  /** Locally bound names: their qualified value, or null when bound to something unknown. */
  locals: Map<string, string | null>;
  classInfo?: ClassInfo;
  parent?: FunctionInfo;
  serving?: ServingKind;
  isAsync: boolean;
}

export interface ClassInfo extends Span {
  node: Node;
  name: string;
  bases: string[];
  decorators: string[];
  /** `self.x = ...` bindings made in any method. */
  selfAttributes: Map<string, string | null>;
}

const WEB_APP_CONSTRUCTORS = new Set([
  'fastapi.FastAPI()',
  'fastapi.APIRouter()',
  'flask.Flask()',
  'flask.Blueprint()',
  'starlette.applications.Starlette()',
  'starlette.routing.Router()',
  'quart.Quart()',
  'quart.Blueprint()',
  'sanic.Sanic()',
  'sanic.Blueprint()',
  'aiohttp.web.RouteTableDef()',
  'litestar.Litestar()',
  'litestar.Router()',
]);

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'api_route', 'route', 'head', 'options', 'websocket']);

const MODEL_SERVER_BASES = [
  'ts.torch_handler.base_handler.BaseHandler',
  'BaseHandler',
  'kserve.Model',
  'kserve.model.Model',
  'mlserver.MLModel',
  'mlserver.model.MLModel',
];

const MODEL_SERVER_METHODS = new Set(['handle', 'inference', 'predict', 'preprocess', 'postprocess']);
const STARTUP_HOOKS = new Set(['__init__', 'load', 'initialize', 'lifespan', 'setup', 'reconfigure']);

export class PythonModule {
  readonly functions: FunctionInfo[] = [];
  private readonly functionsByStart = new Map<number, FunctionInfo>();
  readonly classes: ClassInfo[] = [];
  /** Module-scope bindings: imports and assignments. */
  readonly globals = new Map<string, string | null>();
  /** Every module imported (`import a.b` gives `a.b`; `from a import b` gives `a`), with the statement's span. */
  readonly importedModules: Array<{ module: string; start: number; end: number; level: number; names?: string[] }> = [];
  readonly mainGuards: Span[] = [];
  /** Functions registered as aiohttp handlers with `app.router.add_*`. */
  private readonly registeredHandlers = new Set<string>();
  readonly moduleName: string;
  readonly isTestFile: boolean;

  constructor(
    readonly path: string,
    readonly text: string,
    readonly captures: Capture[],
  ) {
    const base = path.replace(/\\/g, '/');
    this.moduleName = base
      .split('/')
      .pop()!
      .replace(/\.(py|ipynb)$/, '');
    this.isTestFile = isTestPath(path);
    this.collect();
  }

  get hasServingCode(): boolean {
    return this.functions.some((f) => f.serving !== undefined);
  }

  get servingFunctions(): FunctionInfo[] {
    return this.functions.filter((f) => f.serving !== undefined);
  }

  /** Whether any module matching `name` (or a submodule of it) is imported. */
  imports(name: string): boolean {
    return this.importedModules.some((m) => m.module === name || m.module.startsWith(name + '.'));
  }

  slice(span: Span): string {
    return this.text.slice(span.start, span.end);
  }

  /** The function whose `def` starts at this offset. */
  functionStartingAt(offset: number): FunctionInfo | undefined {
    return this.functionsByStart.get(offset);
  }

  /** The innermost function containing the offset. */
  functionAt(offset: number): FunctionInfo | undefined {
    let found: FunctionInfo | undefined;
    for (const fn of this.functions) {
      if (fn.start <= offset && offset < fn.end && (!found || fn.start >= found.start)) found = fn;
    }
    return found;
  }

  /** The serving function that runs `fn` (itself, or a function it is nested in), if any. */
  servingFunctionOf(scope: FunctionInfo | undefined): FunctionInfo | undefined {
    for (let fn = scope; fn; fn = fn.parent) {
      if (fn.serving) return fn;
      if (STARTUP_HOOKS.has(fn.name)) return undefined;
    }
    return undefined;
  }

  inMainGuard(offset: number): boolean {
    return this.mainGuards.some((g) => g.start <= offset && offset < g.end);
  }

  /**
   * The qualified name of an expression (`rq.post` → `requests.post`, `s.get` → `requests.Session().get`),
   * or undefined where the analyser cannot tie it to an import or a builtin.
   */
  qualify(node: Node | null, scope?: FunctionInfo): string | undefined {
    // A loop down the chain rather than recursion: `((((…))))` or `a.b.c…` thousands deep must not
    // exhaust the stack. Suffixes are collected outermost first and appended in reverse.
    const suffixes: string[] = [];
    let base: string | undefined;
    for (let current = node; ;) {
      if (!current) return undefined;
      if (current.type === 'identifier') {
        base = this.lookup(current.text, scope);
        break;
      }
      if (current.type === 'attribute') {
        const object = current.childForFieldName('object');
        const attribute = current.childForFieldName('attribute');
        if (!object || !attribute) return undefined;
        if (object.type === 'identifier' && object.text === 'self' && scope?.classInfo) {
          base = scope.classInfo.selfAttributes.get(attribute.text) ?? undefined;
          break;
        }
        suffixes.push(`.${attribute.text}`);
        current = object;
      } else if (current.type === 'call') {
        suffixes.push('()');
        current = current.childForFieldName('function');
      } else if (current.type === 'parenthesized_expression' || current.type === 'await') {
        current = current.namedChild(0);
      } else {
        return undefined;
      }
    }
    if (base === undefined) return undefined;
    for (let i = suffixes.length - 1; i >= 0; i--) base += suffixes[i];
    return base;
  }

  /** Resolve a plain name through function scopes, then module scope; unbound names are builtins. */
  lookup(name: string, scope?: FunctionInfo): string | undefined {
    for (let fn = scope; fn; fn = fn.parent) {
      if (fn.locals.has(name)) return fn.locals.get(name) ?? undefined;
      if (fn.parameters.includes(name)) return undefined;
    }
    if (this.globals.has(name)) return this.globals.get(name) ?? undefined;
    return name;
  }

  private collect(): void {
    const functionStack: FunctionInfo[] = [];
    const classStack: ClassInfo[] = [];
    for (const capture of this.captures) {
      while (functionStack.length && functionStack[functionStack.length - 1].end <= capture.start) functionStack.pop();
      while (classStack.length && classStack[classStack.length - 1].end <= capture.start) classStack.pop();
      const scope = functionStack[functionStack.length - 1];
      const klass = classStack[classStack.length - 1];
      switch (capture.kind) {
        case 'import_statement':
        case 'import_from_statement':
          this.collectImport(capture, scope);
          break;
        case 'class_definition': {
          const info = this.collectClass(capture, scope);
          classStack.push(info);
          break;
        }
        case 'function_definition': {
          const inClassBody = klass && (!scope || scope.start < klass.start);
          const info = this.collectFunction(capture, scope, inClassBody ? klass : undefined);
          if (scope) scope.locals.set(info.name, null);
          else if (!inClassBody) this.globals.set(info.name, null);
          functionStack.push(info);
          break;
        }
        case 'assignment':
          this.collectAssignment(capture.node, scope, klass);
          break;
        case 'with_statement':
          this.collectWith(capture.node, scope);
          break;
        case 'for_statement':
          this.bindTargets(capture.node.childForFieldName('left'), null, scope);
          break;
        case 'if_statement':
          if (!scope && isMainGuard(capture.node.childForFieldName('condition'))) {
            this.mainGuards.push({ start: capture.start, end: capture.end });
          }
          break;
        case 'call':
          this.collectRouteRegistration(capture.node, scope);
          break;
      }
    }
    for (const fn of this.functions) fn.serving = this.servingKind(fn);
  }

  private collectImport(capture: Capture, scope: FunctionInfo | undefined): void {
    const node = capture.node;
    const bind = (name: string, value: string) => {
      if (scope) scope.locals.set(name, value);
      else this.globals.set(name, value);
    };
    if (node.type === 'import_statement') {
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (child.type === 'dotted_name') {
          const full = child.text;
          this.importedModules.push({ module: full, start: capture.start, end: capture.end, level: 0 });
          // `import a.b` binds `a`.
          const head = full.split('.')[0];
          bind(head, head);
        } else if (child.type === 'aliased_import') {
          const full = child.childForFieldName('name')?.text ?? '';
          const alias = child.childForFieldName('alias')?.text;
          this.importedModules.push({ module: full, start: capture.start, end: capture.end, level: 0 });
          if (alias) bind(alias, full);
        }
      }
      return;
    }
    const moduleNode = node.childForFieldName('module_name');
    if (!moduleNode) return;
    const raw = moduleNode.text;
    const level = raw.length - raw.replace(/^\.+/, '').length;
    const moduleName = raw.replace(/^\.+/, '');
    const names: string[] = [];
    this.importedModules.push({ module: moduleName, start: capture.start, end: capture.end, level, names });
    const prefix = level > 0 ? `${'.'.repeat(level)}${moduleName}` : moduleName;
    for (const child of node.childrenForFieldName('name')) {
      if (!child) continue;
      if (child.type === 'dotted_name') {
        const name = child.text;
        names.push(name);
        bind(name.split('.')[0], `${prefix}.${name}`);
      } else if (child.type === 'aliased_import') {
        const name = child.childForFieldName('name')?.text ?? '';
        const alias = child.childForFieldName('alias')?.text;
        names.push(name);
        if (alias) bind(alias, `${prefix}.${name}`);
      }
    }
  }

  private collectClass(capture: Capture, scope: FunctionInfo | undefined): ClassInfo {
    const node = capture.node;
    const name = node.childForFieldName('name')?.text ?? '';
    const bases: string[] = [];
    const superclasses = node.childForFieldName('superclasses');
    for (const base of superclasses?.namedChildren ?? []) {
      if (!base || base.type === 'keyword_argument') continue;
      bases.push(this.qualify(base, scope) ?? base.text);
    }
    const info: ClassInfo = {
      node,
      name,
      start: capture.start,
      end: capture.end,
      bases,
      decorators: this.decoratorsOf(node, scope).names,
      selfAttributes: new Map(),
    };
    if (scope) scope.locals.set(name, null);
    else this.globals.set(name, null);
    this.classes.push(info);
    return info;
  }

  private decoratorsOf(node: Node, scope: FunctionInfo | undefined): { names: string[]; nodes: Node[]; start: number } {
    const parent = node.parent;
    const names: string[] = [];
    const nodes: Node[] = [];
    if (!parent || parent.type !== 'decorated_definition') return { names, nodes, start: node.startIndex };
    for (const child of parent.namedChildren) {
      if (!child || child.type !== 'decorator') continue;
      const expression = child.namedChild(0);
      if (!expression) continue;
      nodes.push(expression);
      const target = expression.type === 'call' ? expression.childForFieldName('function') : expression;
      names.push(this.qualify(target, scope) ?? target?.text ?? '');
    }
    return { names, nodes, start: parent.startIndex };
  }

  private collectFunction(capture: Capture, parent: FunctionInfo | undefined, classInfo: ClassInfo | undefined): FunctionInfo {
    const node = capture.node;
    const nameNode = node.childForFieldName('name');
    const parameters: string[] = [];
    for (const param of node.childForFieldName('parameters')?.namedChildren ?? []) {
      if (!param) continue;
      const name = parameterName(param);
      if (name) parameters.push(name);
    }
    const decorators = this.decoratorsOf(node, parent);
    const info: FunctionInfo = {
      node,
      name: nameNode?.text ?? '',
      nameStart: nameNode?.startIndex ?? capture.start,
      nameEnd: nameNode?.endIndex ?? capture.start,
      outerStart: decorators.start,
      start: capture.start,
      end: capture.end,
      decorators: decorators.names,
      decoratorNodes: decorators.nodes,
      parameters,
      locals: new Map(),
      classInfo: classInfo ?? parent?.classInfo,
      parent,
      isAsync: this.text.startsWith('async', capture.start),
    };
    this.functions.push(info);
    this.functionsByStart.set(info.start, info);
    return info;
  }

  private collectAssignment(node: Node, scope: FunctionInfo | undefined, klass: ClassInfo | undefined): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const value = right ? (this.qualify(right, scope) ?? null) : null;
    if (left?.type === 'attribute') {
      const object = left.childForFieldName('object');
      const attribute = left.childForFieldName('attribute');
      if (object?.text === 'self' && attribute && klass && scope?.classInfo === klass) {
        const previous = klass.selfAttributes.get(attribute.text);
        // A second, different binding makes the attribute's type unknowable.
        klass.selfAttributes.set(attribute.text, previous === undefined || previous === value ? value : null);
      }
      return;
    }
    this.bindTargets(left, value, scope);
  }

  private bindTargets(target: Node | null, value: string | null, scope: FunctionInfo | undefined): void {
    if (!target) return;
    if (target.type === 'identifier') {
      const map = scope ? scope.locals : this.globals;
      const previous = map.get(target.text);
      map.set(target.text, previous === undefined || previous === value || scope ? value : null);
      return;
    }
    if (target.type === 'pattern_list' || target.type === 'tuple_pattern' || target.type === 'list_pattern') {
      for (const child of target.namedChildren) this.bindTargets(child, null, scope);
    }
  }

  private collectWith(node: Node, scope: FunctionInfo | undefined): void {
    const clause = node.namedChildren.find((c) => c?.type === 'with_clause');
    for (const item of clause?.namedChildren ?? []) {
      const value = item?.childForFieldName('value');
      if (value?.type !== 'as_pattern') continue;
      const expression = value.namedChild(0);
      const alias = value.childForFieldName('alias');
      const target = alias?.type === 'as_pattern_target' ? alias.namedChild(0) : alias;
      this.bindTargets(target ?? null, this.qualify(expression, scope) ?? null, scope);
    }
  }

  /** aiohttp `app.router.add_get("/x", handler)` / `app.add_routes([web.get("/x", handler)])`. */
  private collectRouteRegistration(node: Node, scope: FunctionInfo | undefined): void {
    const fn = node.childForFieldName('function');
    if (fn?.type !== 'attribute') return;
    const method = fn.childForFieldName('attribute')?.text ?? '';
    const isRouterAdd = /^add_(get|post|put|patch|delete|route|head)$/.test(method);
    const qualified = this.qualify(fn, scope) ?? '';
    const isWebRoute = /^aiohttp\.web\.(get|post|put|patch|delete|route|head|view)$/.test(qualified);
    if (!isRouterAdd && !isWebRoute) return;
    const args = node.childForFieldName('arguments')?.namedChildren ?? [];
    const handler = args.find((a, i) => i > 0 && a?.type === 'identifier');
    if (handler) this.registeredHandlers.add(handler.text);
  }

  private servingKind(fn: FunctionInfo): ServingKind | undefined {
    if (STARTUP_HOOKS.has(fn.name) || this.isStartupByDecorator(fn)) return undefined;
    for (let i = 0; i < fn.decorators.length; i++) {
      if (this.isRouteDecorator(fn.decorators[i], fn.decoratorNodes[i])) return 'route';
    }
    const klass = fn.classInfo;
    const isMethod = klass !== undefined && fn.parent === undefined;
    if (isMethod && klass) {
      if (klass.decorators.some((d) => /(^|\.)serve\.deployment$|^ray\.serve\.deployment$/.test(d))) {
        return fn.name.startsWith('_') && fn.name !== '__call__' ? undefined : 'ray-serve';
      }
      if (MODEL_SERVER_METHODS.has(fn.name)) {
        if (klass.bases.some((b) => MODEL_SERVER_BASES.includes(b) || /(^|\.)(BaseHandler|MLModel)$/.test(b) || b === 'kserve.Model')) {
          return 'model-server';
        }
        // Seldon Core's wrapper: a class named like its file, which always has `predict` (or
        // `predict_raw`). Without one, a same-named class is a compiler or template engine that
        // happens to have a `preprocess` method (distutils' BCPPCompiler, jinja2's Environment).
        if (normaliseName(klass.name) === normaliseName(this.moduleName) && this.definesPredict(klass)) return 'model-server';
      }
      return undefined;
    }
    if (fn.parent || klass) return undefined;
    if ((fn.name === 'handler' || fn.name === 'lambda_handler') && fn.parameters.length === 2) return 'lambda';
    if (fn.name === 'handle' && fn.parameters.length === 2) return 'torchserve';
    if (this.registeredHandlers.has(fn.name)) return 'aiohttp';
    return undefined;
  }

  private definesPredict(klass: ClassInfo): boolean {
    return this.functions.some(
      (f) => f.classInfo === klass && f.parent === undefined && (f.name === 'predict' || f.name === 'predict_raw'),
    );
  }

  private isStartupByDecorator(fn: FunctionInfo): boolean {
    return fn.decoratorNodes.some((d) => /\.on_event\(\s*["']startup["']/.test(d.text) || /(^|\.)asynccontextmanager$/.test(d.text));
  }

  private isRouteDecorator(qualified: string, expression: Node): boolean {
    if (/^bentoml\.(api|task)$/.test(qualified)) return true;
    const parts = qualified.split('.');
    const method = parts.pop() ?? '';
    const receiver = parts.join('.');
    if (method === 'api' && /^bentoml\.Service\(\)$/.test(receiver)) return true;
    // Route decorators are calls: `@app.get("/x")`, never a bare `@app.get`.
    if (!ROUTE_METHODS.has(method) || expression.type !== 'call') return false;
    if (WEB_APP_CONSTRUCTORS.has(receiver)) return true;
    // An app object the analyser cannot trace (built in a factory, imported from another module):
    // accept the route shape, a decorator call whose first argument is a "/path" literal.
    const first = expression.childForFieldName('arguments')?.namedChild(0);
    return first?.type === 'string' && /^[rbuf]*["']{1,3}\//i.test(first.text);
  }
}

function parameterName(param: Node): string | undefined {
  switch (param.type) {
    case 'identifier':
      return param.text;
    case 'typed_parameter':
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern':
      return param.namedChildren.find((c) => c?.type === 'identifier')?.text;
    case 'default_parameter':
    case 'typed_default_parameter':
      return param.childForFieldName('name')?.text;
    default:
      return undefined;
  }
}

function isMainGuard(condition: Node | null): boolean {
  if (!condition || condition.type !== 'comparison_operator') return false;
  const text = condition.text.replace(/\s+/g, '');
  return (
    text === '__name__=="__main__"' || text === "__name__=='__main__'" || text === '"__main__"==__name__' || text === "'__main__'==__name__"
  );
}

function normaliseName(name: string): string {
  return name.toLowerCase().replace(/_/g, '');
}

/** The string value of a Python string literal node (no f-string interpolation), or undefined. */
export function stringValue(node: Node | null, text: string): string | undefined {
  if (!node || node.type !== 'string') return undefined;
  const raw = text.slice(node.startIndex, node.endIndex);
  // f-strings fail the prefix match: their value is not a literal.
  const match = /^[rRbBuU]{0,2}("""|'''|"|')([\s\S]*)\1$/.exec(raw);
  return match ? match[2] : undefined;
}
