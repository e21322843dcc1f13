import type { Node } from '@vscode/tree-sitter-wasm';
import type { AppFact, PythonDeploymentFacts, WebFramework } from '../../deployment/facts';
import { callParts } from './ast';
import { stringValue, type PythonModule } from './module';

/**
 * What a Python module tells the deployment model (deployment.md §2, §4), from the captures of the
 * one walk the analysis already made: web apps and their literal routes, ports set in code, GPU
 * declarations and what they cover, pipeline-code markers, the `__main__` block, logging set-up.
 */

const APP_CONSTRUCTORS: Record<string, WebFramework> = {
  'fastapi.FastAPI': 'fastapi',
  'starlette.applications.Starlette': 'starlette',
  'starlette.Starlette': 'starlette',
  'flask.Flask': 'flask',
  'aiohttp.web.Application': 'aiohttp',
};
const ROUTER_CONSTRUCTORS = /^(fastapi\.APIRouter|fastapi\.routing\.APIRouter|flask\.Blueprint|starlette\.routing\.Router)$/;
const ROUTE_DECORATOR_METHODS = /^(get|post|put|patch|delete|head|options|api_route|route|websocket|view)$/;
const ORCHESTRATORS = ['kfp', 'airflow', 'dagster', 'prefect', 'metaflow', 'zenml', 'flytekit'];
const MODAL_WEB = /\b(web_endpoint|fastapi_endpoint|asgi_app|wsgi_app|web_server)\b/;

export function pythonDeployment(module: PythonModule): PythonDeploymentFacts {
  const text = module.text;
  const facts: PythonDeploymentFacts = {
    apps: [],
    routes: [],
    mounts: [],
    routerPrefixes: {},
    ports: [],
    gpus: [],
    loggingConfigured: module.imports('loguru') || module.imports('structlog'),
    gradioLaunch: false,
  };
  const orchestrator = ORCHESTRATORS.find((name) => module.imports(name));
  if (orchestrator) facts.pipeline = orchestrator;
  if (module.mainGuards.length)
    facts.mainBlock = { start: module.mainGuards[0].start, end: module.mainGuards[module.mainGuards.length - 1].end };
  const importsGradio = module.imports('gradio');
  let modalFunctions = 0;
  let modalWeb = false;
  for (const capture of module.captures) {
    if (capture.kind === 'class_definition' || capture.kind === 'function_definition') {
      const decorated = capture.node.parent?.type === 'decorated_definition' ? capture.node.parent : undefined;
      if (!decorated) continue;
      for (const decorator of decorated.namedChildren) {
        if (decorator?.type !== 'decorator') continue;
        const source = text.slice(decorator.startIndex, decorator.endIndex);
        const gpu = gpuDeclaration(source);
        if (gpu) facts.gpus.push({ start: decorated.startIndex, end: decorated.endIndex, declaration: gpu });
        if (module.imports('modal')) {
          if (MODAL_WEB.test(source)) modalWeb = true;
          else if (/^@\s*\w+\.(function|cls)\b/.test(source)) modalFunctions++;
        }
        if (capture.kind === 'function_definition') routeOf(decorator.namedChild(0), module, facts);
      }
      continue;
    }
    if (capture.kind !== 'call') continue;
    const node = capture.node;
    const fn = node.childForFieldName('function');
    if (!fn) continue;
    const calleeText = text.slice(fn.startIndex, fn.endIndex);
    const last = calleeText.slice(calleeText.lastIndexOf('.') + 1);
    const scope = module.functionAt(node.startIndex);
    if (/^(FastAPI|Starlette|Flask|Application|APIRouter|Blueprint|Router)$/.test(last)) {
      const qualified = module.qualify(fn, scope) ?? '';
      const framework = APP_CONSTRUCTORS[qualified];
      const target = assignedName(node);
      if (framework) {
        const app: AppFact = { framework, start: node.startIndex, end: node.endIndex };
        if (target) app.name = target;
        facts.apps.push(app);
        if (framework === 'starlette') starletteRoutes(node, facts);
      } else if (ROUTER_CONSTRUCTORS.test(qualified) && target) {
        const parts = callParts(node);
        const prefix = stringValue(parts.keywords.get('prefix') ?? parts.keywords.get('url_prefix') ?? null, text);
        if (prefix) facts.routerPrefixes[target] = prefix;
      }
      continue;
    }
    if (last === 'include_router' || last === 'register_blueprint') {
      const parts = callParts(node);
      const router = parts.positional[0];
      if (router) {
        const prefix = stringValue(parts.keywords.get('prefix') ?? parts.keywords.get('url_prefix') ?? null, text) ?? '';
        facts.mounts.push({ router: text.slice(router.startIndex, router.endIndex), prefix });
      }
      continue;
    }
    if (/^(add_api_route|add_url_rule|add_route|add_get|add_post|add_put|add_patch|add_delete|add_head|add_websocket_route)$/.test(last)) {
      const path = stringValue(callParts(node).positional[0] ?? null, text);
      if (path?.startsWith('/')) facts.routes.push({ path, receiver: receiverOf(calleeText), start: node.startIndex, end: node.endIndex });
      continue;
    }
    if (/^(get|post|put|patch|delete|route|view)$/.test(last) && calleeText.includes('.')) {
      // aiohttp `web.get("/x", handler)` inside `app.add_routes([...])`.
      const qualified = module.qualify(fn, scope) ?? '';
      if (/^aiohttp\.web\./.test(qualified)) {
        const path = stringValue(callParts(node).positional[0] ?? null, text);
        if (path?.startsWith('/')) facts.routes.push({ path, start: node.startIndex, end: node.endIndex });
      }
      continue;
    }
    if (last === 'run' || last === 'run_app') {
      const port = callParts(node).keywords.get('port');
      const value = port ? literalPort(port, module) : undefined;
      if (value !== undefined && port) facts.ports.push({ port: value, source: 'run', start: port.startIndex, end: port.endIndex });
      continue;
    }
    if (last === 'get' || last === 'getenv') {
      const envPort = envPortDefault(node, module);
      if (envPort !== undefined) facts.ports.push({ port: envPort, source: 'env', start: node.startIndex, end: node.endIndex });
      continue;
    }
    if (/^(basicConfig|dictConfig|fileConfig)$/.test(last)) {
      if (/^logging\.(basicConfig|config\.dictConfig|config\.fileConfig)$/.test(module.qualify(fn, scope) ?? ''))
        facts.loggingConfigured = true;
      continue;
    }
    if (last === 'launch' && importsGradio) facts.gradioLaunch = true;
  }
  if (!facts.pipeline && modalFunctions > 0 && !modalWeb) facts.pipeline = 'modal';
  return facts;
}

/** The name a call's value is assigned to (`app = FastAPI()`), if it is. */
function assignedName(call: Node): string | undefined {
  const parent = call.parent;
  if (parent?.type !== 'assignment') return undefined;
  const left = parent.childForFieldName('left');
  return left?.type === 'identifier' ? left.text : undefined;
}

function receiverOf(calleeText: string): string | undefined {
  const parts = calleeText.split('.');
  parts.pop();
  if (parts[parts.length - 1] === 'router' && parts.length > 1) parts.pop();
  return parts.join('.') || undefined;
}

/** `@app.get("/health")`, `@router.route("/x")`, `@routes.get("/x")` with a literal path. */
function routeOf(expression: Node | null, module: PythonModule, facts: PythonDeploymentFacts): void {
  if (expression?.type !== 'call') return;
  const fn = expression.childForFieldName('function');
  if (fn?.type !== 'attribute') return;
  const method = fn.childForFieldName('attribute')?.text ?? '';
  if (!ROUTE_DECORATOR_METHODS.test(method)) return;
  const parts = callParts(expression);
  const path = stringValue(parts.positional[0] ?? parts.keywords.get('path') ?? parts.keywords.get('rule') ?? null, module.text);
  if (!path?.startsWith('/')) return;
  const object = fn.childForFieldName('object');
  facts.routes.push({
    path,
    receiver: object ? module.text.slice(object.startIndex, object.endIndex) : undefined,
    start: expression.startIndex,
    end: expression.endIndex,
  });
}

/** `Starlette(routes=[Route("/health", health), Mount("/v1", routes=[...])])`: literal paths. */
function starletteRoutes(call: Node, facts: PythonDeploymentFacts): void {
  const routes = callParts(call).keywords.get('routes');
  if (routes?.type !== 'list') return;
  for (const item of routes.namedChildren) {
    if (item?.type !== 'call') continue;
    const name = item.childForFieldName('function')?.text ?? '';
    if (!/(^|\.)(Route|WebSocketRoute)$/.test(name)) continue;
    const first = callParts(item).positional[0];
    const path = first?.type === 'string' ? /^[rRbBuU]?("|')(.*)\1$/.exec(first.text)?.[2] : undefined;
    if (path?.startsWith('/')) facts.routes.push({ path, start: item.startIndex, end: item.endIndex });
  }
}

function literalPort(node: Node, module: PythonModule): number | undefined {
  if (node.type === 'integer') return validPort(Number(node.text));
  if (node.type === 'call') {
    // `int(os.environ.get("PORT", 8000))`, `int(os.getenv("PORT", "8000"))`.
    const inner = callParts(node).positional[0];
    if (inner?.type === 'call') return envPortDefault(inner, module);
  }
  return undefined;
}

/** The literal default of `os.environ.get("PORT", N)` / `os.getenv("PORT", "N")`. */
function envPortDefault(call: Node, module: PythonModule): number | undefined {
  const fn = call.childForFieldName('function');
  const callee = module.qualify(fn, module.functionAt(call.startIndex));
  if (callee !== 'os.environ.get' && callee !== 'os.getenv') return undefined;
  const parts = callParts(call);
  if (stringValue(parts.positional[0] ?? null, module.text) !== 'PORT') return undefined;
  const fallback = parts.positional[1] ?? parts.keywords.get('default');
  if (!fallback) return undefined;
  if (fallback.type === 'integer') return validPort(Number(fallback.text));
  const value = stringValue(fallback, module.text);
  return value && /^\d+$/.test(value) ? validPort(Number(value)) : undefined;
}

function validPort(port: number): number | undefined {
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
}

/** A decorator that declares a GPU: BentoML `resources={"gpu": N}`, Ray `num_gpus`, Modal `gpu=`. */
function gpuDeclaration(source: string): string | undefined {
  if (!/gpu/i.test(source)) return undefined;
  const bento = /["']gpu["']\s*:\s*([^,}\s]+)/.exec(source);
  if (bento && !/^0(\.0*)?$/.test(bento[1])) return `resources gpu ${bento[1]}`;
  const ray = /num_gpus["']?\s*[:=]\s*([^,)}\s]+)/.exec(source);
  if (ray && !/^0(\.0*)?$/.test(ray[1])) return `num_gpus=${ray[1]}`;
  const modal = /\bgpu\s*=\s*([^,)\s]+)/.exec(source);
  if (modal && modal[1] !== 'None' && modal[1] !== 'False') return `gpu=${modal[1]}`;
  return undefined;
}
