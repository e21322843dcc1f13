import type { Node } from '@vscode/tree-sitter-wasm';
import type { Fix } from '../../core/types';
import { identifierWords } from '../../core/identifiers';
import { envVarName, readStringLiteral, RESERVED_ENV_NAMES, type StringLiteral } from '../../parsers/python/literals';
import { callParts, ensureImport } from '../../parsers/python/ast';
import { calleeOf } from '../../parsers/python/edits';
import { stringValue, type FunctionInfo } from '../../parsers/python/module';
import { definePython, type PythonRuleContext } from '../../parsers/python/rule';

/**
 * hardcoded-path (python), exactly as rules.md defines it:
 * (a) a literal starting with a machine-specific prefix (`/home/`, `/Users/`, `/mnt/`, `~/`, `C:\`, ...);
 * (b) another absolute literal of two or more segments used as a filesystem path: passed to a file,
 *     path or loader API, or held by a name ending in path/dir/file/folder/root;
 * (c) a relative literal with a model/data extension passed to a loader or opener.
 * Never: env/config lookup defaults, route paths, /dev /proc /sys /etc, URLs, docstrings, tests.
 */

const MACHINE_SPECIFIC =
  /^(?:\/home\/|\/Users\/|\/root\/|\/mnt\/|\/media\/|\/data\/|\/content\/|\/kaggle\/|\/workspace\/|~\/|[A-Za-z]:(?:\\\\|\\|\/))(.*)$/s;
const SYSTEM = /^\/(?:dev|proc|sys|etc)(?:\/|$)/;
const MODEL_EXTENSIONS = /\.(?:pkl|pickle|joblib|pt|pth|ckpt|bin|safetensors|onnx|h5|keras|pb|tflite)$/i;
const DATA_EXTENSIONS = /\.(?:npy|npz|csv|parquet|feather|arrow|jsonl|xlsx)$/i;
const PATH_NAME = /(?:path|dir|file|folder|root)$/i;
const URL_PATH_WORDS = new Set([
  'url',
  'uri',
  'route',
  'endpoint',
  'api',
  'health',
  'healthz',
  'ready',
  'readiness',
  'live',
  'liveness',
  'probe',
  'prefix',
  'mount',
  'webhook',
  'callback',
  'redirect',
  'login',
  'logout',
]);
const isUrlPathName = (name: string) =>
  /root_?path$/i.test(name) || identifierWords(name).some((word) => URL_PATH_WORDS.has(word.toLowerCase()));
const URL_PATH_VALUE = /^\/(?:api|v\d+)(?:\/|$)/i;

/** Callees (last segment) whose string arguments are filesystem paths. */
const PATH_APIS = new Set([
  'open',
  'Path',
  'PurePath',
  'PosixPath',
  'WindowsPath',
  'exists',
  'isfile',
  'isdir',
  'islink',
  'getsize',
  'getmtime',
  'join',
  'listdir',
  'makedirs',
  'mkdir',
  'rmdir',
  'remove',
  'unlink',
  'rmtree',
  'copy',
  'copy2',
  'copyfile',
  'copytree',
  'move',
  'rename',
  'glob',
  'iglob',
  'walk',
  'scandir',
  'stat',
  'chdir',
  'expanduser',
  'abspath',
  'realpath',
  'normpath',
  'load',
  'save',
  'dump',
  'loadtxt',
  'savetxt',
  'fromfile',
  'imread',
  'imwrite',
  'from_pretrained',
  'save_pretrained',
  'load_model',
  'save_model',
  'load_file',
  'save_file',
  'load_dataset',
  'load_from_disk',
  'InferenceSession',
  'File',
  'FileHandler',
  'RotatingFileHandler',
  'TimedRotatingFileHandler',
  'ZipFile',
  'FileResponse',
  'send_file',
  'send_from_directory',
  'StaticFiles',
  'Jinja2Templates',
  'Interpreter',
  'Booster',
  'SummaryWriter',
]);

/** Loaders and openers for (c). */
const LOADERS = new Set([
  'open',
  'load',
  'loadtxt',
  'fromfile',
  'load_model',
  'from_pretrained',
  'InferenceSession',
  'imread',
  'load_file',
  'File',
  'Booster',
  'Interpreter',
  'read_table',
]);

/** Keyword arguments of path APIs that hold the path. */
const PATH_KEYWORDS =
  /^(?:f|fp|fname|file|filename|filepath|path|name|src|dst|directory|model_file|model_path|pretrained_model_name_or_path|filepath_or_buffer|path_or_buf|io)$|(?:path|dir|file|folder|root)$/i;

/** Calls whose string arguments are messages or patterns, not paths. */
const NOT_PATH_CALLS =
  /^(?:print|debug|info|warning|warn|error|exception|critical|log|echo|secho|write|startswith|endswith|replace|split|rsplit|strip|lstrip|rstrip|removeprefix|removesuffix|find|rfind|index|count|match|fullmatch|search|sub|compile|format|encode)$/;
/** Route registration and config lookups: their string arguments are never the filesystem paths this rule means. */
const ROUTE_CALLS =
  /^(?:add_url_rule|add_api_route|add_route|add_get|add_post|add_put|add_patch|add_delete|add_websocket_route|add_api_websocket_route|route|get|post|put|patch|delete|head|options|websocket|api_route|mount|include_router|url_for|redirect)$/;
const OPTION_CALLS = /^(?:Option|Argument|Field|option|argument|add_argument|setdefault|getenv|get_env|getattr|DEFINE_string|env)$/;

interface Use {
  /** `NAME = "<literal>"`: the plain name it is assigned to. */
  assignedName?: string;
  /** The node whose position in the tree decides the context (the literal, or its concatenation). */
  holder?: string;
  callee?: string;
  keyword?: string;
  positional: boolean;
}

function calleeName(call: Node, text: string): string {
  const fn = call.childForFieldName('function');
  if (!fn) return '';
  const source = text.slice(fn.startIndex, fn.endIndex);
  return source.slice(source.lastIndexOf('.') + 1).trim();
}

function targetName(target: Node | null, text: string): string | undefined {
  if (!target) return undefined;
  if (target.type === 'identifier') return target.text;
  if (target.type === 'attribute') return target.childForFieldName('attribute')?.text;
  if (target.type === 'subscript') return stringValue(target.childForFieldName('subscript'), text);
  return undefined;
}

/**
 * How the literal is used, or undefined where it must never be flagged (docstrings, decorators,
 * comparisons, messages, routes, env/config defaults).
 */
function useOf(node: Node, context: PythonRuleContext): Use | undefined {
  const text = context.text;
  let current: Node = node;
  let parent = node.parent;
  // `"/opt/models/" + name`, `"/home/%s/m.pt" % user`, `"/a" "/b"`: the expression starting with the literal is what is used.
  while (
    parent &&
    (parent.type === 'concatenated_string' || parent.type === 'binary_operator' || parent.type === 'parenthesized_expression')
  ) {
    if (parent.type !== 'parenthesized_expression' && parent.namedChild(0)?.startIndex !== current.startIndex) return undefined;
    current = parent;
    parent = parent.parent;
  }
  if (!parent) return undefined;
  switch (parent.type) {
    case 'expression_statement':
    case 'comparison_operator':
    case 'subscript':
      // Docstrings and string statements; `x == "/home/..."`, `"/home/" in p`, `d["/mnt/x"]`.
      return undefined;
    case 'boolean_operator': {
      // `os.environ.get("X") or "/mnt/m.pt"`: the default of a lookup.
      const left = parent.childForFieldName('left');
      if (
        left &&
        left.startIndex !== current.startIndex &&
        /(?:environ|getenv|config|settings|\.get)\b/.test(text.slice(left.startIndex, left.endIndex))
      )
        return undefined;
      return { positional: false };
    }
    case 'assignment': {
      if (parent.childForFieldName('right')?.startIndex !== current.startIndex) return undefined;
      const left = parent.childForFieldName('left');
      return {
        holder: targetName(left, text),
        assignedName: left?.type === 'identifier' && current === node ? left.text : undefined,
        positional: false,
      };
    }
    case 'default_parameter':
    case 'typed_default_parameter':
      return { holder: parent.childForFieldName('name')?.text, positional: false };
    case 'pair': {
      if (parent.childForFieldName('value')?.startIndex !== current.startIndex) return undefined;
      const key = parent.childForFieldName('key');
      return { holder: key?.type === 'string' ? stringValue(key, text) : undefined, positional: false };
    }
    case 'keyword_argument': {
      const keyword = parent.childForFieldName('name')?.text ?? '';
      const call = parent.parent?.parent;
      if (!call || call.type !== 'call') return undefined;
      if (isDecorated(call)) return undefined;
      const callee = calleeName(call, text);
      if (keyword === 'default' || keyword === 'prefix' || NOT_PATH_CALLS.test(callee) || OPTION_CALLS.test(callee)) return undefined;
      if (ROUTE_CALLS.test(callee) && (keyword === 'path' || keyword === 'rule')) return undefined;
      return { holder: keyword, keyword, callee, positional: false };
    }
    case 'argument_list': {
      const call = parent.parent;
      if (!call || call.type !== 'call' || isDecorated(call)) return undefined;
      const callee = calleeName(call, text);
      if (NOT_PATH_CALLS.test(callee) || OPTION_CALLS.test(callee) || ROUTE_CALLS.test(callee)) return undefined;
      const calleeText = call.childForFieldName('function')?.text ?? '';
      if (/^re\./.test(calleeText)) return undefined;
      return { callee, positional: true };
    }
    default:
      return { positional: false };
  }
}

/** Whether the call is (part of) a decorator: route and probe paths. */
function isDecorated(call: Node): boolean {
  let node: Node | null = call.parent;
  for (let depth = 0; node && depth < 3; depth++, node = node.parent) if (node.type === 'decorator') return true;
  return false;
}

/** Class-level fields of a pydantic `BaseSettings`: their values are defaults the environment overrides. */
function inSettingsClass(node: Node, context: PythonRuleContext): boolean {
  if (context.scope) return false;
  const klass = [...context.ancestors].reverse().find((a) => a.kind === 'class_definition');
  if (!klass) return false;
  const info = context.module.classes.find((c) => c.start === klass.start);
  return info?.bases.some((b) => /(?:^|\.)BaseSettings$/.test(b)) === true && node.startIndex > klass.start;
}

type Kind = 'machine' | 'absolute' | 'relative';

function classify(value: string): Kind | undefined {
  // Line breaks and regular-expression syntax: text or patterns, not paths.
  if (/[\r\n|^]|\(\?|\[\^/.test(value)) return undefined;
  const machine = MACHINE_SPECIFIC.exec(value);
  // A bare prefix ("/home/", "~/") is a prefix test, not a path; "~/=" is an operator.
  if (machine) return /^[\w.{%$-]/.test(machine[1]) ? 'machine' : undefined;
  if (value.startsWith('/')) {
    if (value.startsWith('//') || SYSTEM.test(value) || /\s/.test(value)) return undefined;
    return value.split('/').filter(Boolean).length >= 2 ? 'absolute' : undefined;
  }
  if (/^[A-Za-z][\w+.-]*:/.test(value) || /\s/.test(value) || value.includes('{')) return undefined;
  return MODEL_EXTENSIONS.test(value) || DATA_EXTENSIONS.test(value) ? 'relative' : undefined;
}

/** The name a holder (`model_dir`, `MODEL_PATH`) gives its variable, when it is specific enough to be one. */
function holderEnvName(holder: string | undefined): string | undefined {
  if (!holder) return undefined;
  const name = envVarName(holder);
  if (
    name.length >= 4 &&
    /^[A-Z][A-Z0-9_]*$/.test(name) &&
    !RESERVED_ENV_NAMES.has(name) &&
    !/^(?:FILENAME|FNAME|FILEPATH|NAME|DATA|MODEL|SRC|DST|DEST|OUTPUT|INPUT|PATHS|DIRECTORY|FOLDER)$/.test(name)
  ) {
    return name;
  }
  return undefined;
}

/** `embedder = torch.load("/home/x/e.pt").to(device)`: the variable a loader's result goes to, as `EMBEDDER_PATH`. */
function loadTargetEnvName(node: Node): string | undefined {
  let current: Node | null = node.parent;
  if (current?.type === 'keyword_argument') current = current.parent;
  if (current?.type !== 'argument_list') return undefined;
  current = current.parent;
  // Through a chain of calls on the result (`.to(device)`, `.eval()`).
  for (let depth = 0; current && depth < 6; depth++) {
    const parent: Node | null = current.parent;
    if (!parent) return undefined;
    if (parent.type === 'assignment') {
      if (parent.childForFieldName('right')?.startIndex !== current.startIndex) return undefined;
      const left = parent.childForFieldName('left');
      const target =
        left?.type === 'identifier' ? left.text : left?.type === 'attribute' ? left.childForFieldName('attribute')?.text : undefined;
      if (!target) return undefined;
      const base = envVarName(target);
      if (base.length < 3 || !/^[A-Z][A-Z0-9_]*$/.test(base)) return undefined;
      const name = /_(?:PATH|DIR|FILE)$/.test(base) ? base : `${base}_PATH`;
      return RESERVED_ENV_NAMES.has(name) ? undefined : name;
    }
    if (parent.type !== 'call' && parent.type !== 'attribute' && parent.type !== 'await') return undefined;
    current = parent;
  }
  return undefined;
}

/** The name the file kind gives a path: `MODEL_PATH`, `DATA_PATH`, or one from the last segment (`/mnt/cache/` → `CACHE_DIR`). */
function kindEnvName(value: string): string {
  if (MODEL_EXTENSIONS.test(value)) return 'MODEL_PATH';
  if (DATA_EXTENSIONS.test(value)) return 'DATA_PATH';
  return stemEnvName(value) ?? 'DATA_PATH';
}

/** `/home/x/fraud_xgb_v3.pkl` → `FRAUD_XGB_V3_PATH`, `/mnt/cache/` → `CACHE_DIR`. */
function stemEnvName(value: string): string | undefined {
  let end = value.length;
  while (end > 0 && (value[end - 1] === '/' || value[end - 1] === '\\')) end--;
  const last = value.slice(0, end).split(/[\\/]/).pop() ?? '';
  const dot = last.lastIndexOf('.');
  const stem = envVarName(dot > 0 ? last.slice(0, dot) : last);
  const name = stem ? `${stem}_${dot > 0 ? 'PATH' : 'DIR'}` : '';
  return /^[A-Z][A-Z0-9_]*$/.test(name) && name.length <= 40 && !RESERVED_ENV_NAMES.has(name) ? name : undefined;
}

/**
 * The variable a path is read from: from its holder, else the variable a loader's result goes to,
 * else its file kind — one variable per distinct path in the module. A name another path already
 * has (in an earlier fix of this walk, or an existing `os.environ.get("X", "<other>")`) gives way to
 * one from the file's own name, then to a numbered one.
 */
function envNameFor(state: State, node: Node, holder: string | undefined, value: string): string {
  const known = state.nameOf.get(value);
  if (known) return known;
  const free = (name: string | undefined): name is string => {
    if (!name) return false;
    const owner = state.valueOf.get(name);
    return owner === undefined || owner === value;
  };
  const preferred = holderEnvName(holder) ?? loadTargetEnvName(node) ?? kindEnvName(value);
  let name = [preferred, stemEnvName(value)].find(free);
  for (let n = 2; !name; n++) if (free(`${preferred}_${n}`)) name = `${preferred}_${n}`;
  state.nameOf.set(value, name);
  state.valueOf.set(name, value);
  return name;
}

function fixFor(
  node: Node,
  literal: StringLiteral,
  context: PythonRuleContext,
  state: State,
  holder: string | undefined,
  scope: FunctionInfo | undefined = context.scope,
): Fix | undefined {
  const parentType = node.parent?.type;
  if (parentType === 'concatenated_string' || literal.isBytes) return undefined;
  const module = context.module;
  if (module.lookup('os', scope) !== 'os') return undefined;
  // In a function that runs on its own (a KFP component) the import goes inside it; no safe place, no fix.
  const imports = ensureImport(module, 'os', scope, node.startIndex);
  if (!imports) return undefined;
  const name = envNameFor(state, node, holder, literal.value);
  const source = context.text.slice(node.startIndex, node.endIndex);
  return {
    description: `Read the path from ${name}, keeping this one as the default`,
    edits: [{ start: node.startIndex, end: node.endIndex, text: `os.environ.get("${name}", ${source})` }, ...imports],
    safe: true,
  };
}

interface State {
  /** Relative model/data literals bound to a name, waiting for a loader to open that name. */
  pending: Map<string, Pending[]>;
  /** Path value → the variable its fix reads; variable → the path value it stands for. */
  nameOf: Map<string, string>;
  valueOf: Map<string, string>;
}

/** Variables the module already reads (`os.environ.get("MODEL_PATH", "/m.pt")`), with their literal defaults. */
function existingEnvReads(text: string): Map<string, string> {
  const reads = new Map<string, string>();
  if (!text.includes('environ') && !text.includes('getenv')) return reads;
  for (const match of text.matchAll(
    /(?:environ\.get|getenv)\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["'](?:\s*,\s*[rRuU]?(["'])([^"'\n]*)\2)?|environ\[\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\]/g,
  )) {
    const name = match[1] ?? match[4];
    // A read with another default, or none, claims the name: a second path must not share it.
    if (!reads.has(name)) reads.set(name, match[3] ?? '\u0000');
  }
  return reads;
}

export const python = definePython<State>({
  createState(context) {
    const valueOf = existingEnvReads(context.text);
    const nameOf = new Map<string, string>();
    for (const [name, value] of valueOf) if (!nameOf.has(value)) nameOf.set(value, name);
    return { pending: new Map(), nameOf, valueOf };
  },
  visitors: {
    string(node, context, state) {
      const text = context.text;
      const start = node.startIndex;
      // Cheap check on the first content character before anything else.
      let i = start;
      while (i < start + 3 && /[rRbBuUfF]/.test(text[i] ?? '')) i++;
      const quote = text[i];
      if (quote !== '"' && quote !== "'") return;
      const first = text[text.startsWith(quote.repeat(3), i) ? i + 3 : i + 1];
      if (first === undefined || first === quote || first === ' ' || first === '\n') return;
      const literal = readStringLiteral(text, start);
      if (!literal || literal.quote.length === 3) return;
      const kind = classify(literal.value);
      if (!kind || context.module.isTestFile) return;
      if (literal.isFString && kind !== 'machine') return;
      const use = useOf(node, context);
      if (!use) return;
      if (kind === 'absolute') {
        const pathApi =
          use.callee !== undefined &&
          PATH_APIS.has(use.callee) &&
          (use.positional || (use.keyword !== undefined && PATH_KEYWORDS.test(use.keyword)));
        // `root_path="/api/v1"`, `HEALTH_PATH = "/v1/health"`: URL paths of the service, not files.
        const pathName =
          use.holder !== undefined && PATH_NAME.test(use.holder) && !isUrlPathName(use.holder) && !URL_PATH_VALUE.test(literal.value);
        if (!pathApi && !pathName && !isSysPath(node, context)) return;
      }
      if (kind === 'relative') {
        if (use.assignedName) {
          // `MODEL_FILE = "model.pkl"`: flagged when a loader later opens that name.
          const pending = state.pending;
          const list = pending.get(use.assignedName) ?? [];
          list.push({ node, literal, scope: context.scope, holder: use.holder });
          pending.set(use.assignedName, list);
          return;
        }
        if (!isLoader(use.callee) || (!use.positional && !(use.keyword !== undefined && PATH_KEYWORDS.test(use.keyword)))) return;
      }
      if (inSettingsClass(node, context)) return;
      const why =
        kind === 'relative'
          ? `resolves against whatever directory the process starts in, so ${use.callee}() fails when the service runs from elsewhere`
          : kind === 'absolute'
            ? `ties the service to one filesystem layout; where the image or volume mounts differ, ${use.callee ? `${use.callee}() fails` : 'the file is not there'}`
            : `exists only on the machine it was written on; in a container or another environment ${use.callee ? `${use.callee}() fails` : 'the file is not there'}`;
      context.report(
        start,
        node.endIndex,
        `Hardcoded path ${text.slice(start, node.endIndex)} ${why}; read it from configuration or the environment`,
        fixFor(node, literal, context, state, use.holder),
      );
    },
    call(node, context, state) {
      const pending = state.pending;
      if (!pending.size) return;
      const callee = calleeOf(node, context.text);
      if (!isLoader(callee.name)) return;
      const parts = callParts(node);
      const argument = parts.positional[0] ?? [...parts.keywords].find(([keyword]) => PATH_KEYWORDS.test(keyword))?.[1];
      if (argument?.type !== 'identifier') return;
      const candidates = pending.get(argument.text);
      // One binding only, in this function or at module level, not shadowed here.
      if (!candidates || candidates.length !== 1) return;
      const candidate = candidates[0];
      if (candidate.reported) return;
      if (candidate.scope !== undefined ? candidate.scope !== context.scope : shadowed(argument.text, context.scope)) return;
      candidate.reported = true;
      const text = context.text;
      context.report(
        candidate.node.startIndex,
        candidate.node.endIndex,
        `Hardcoded path ${text.slice(candidate.node.startIndex, candidate.node.endIndex)} resolves against whatever directory the process starts in, so ${callee.name}(${argument.text}) fails when the service runs from elsewhere; read it from configuration or the environment`,
        fixFor(candidate.node, candidate.literal, context, state, candidate.holder, candidate.scope),
      );
    },
  },
});

interface Pending {
  node: Node;
  literal: StringLiteral;
  scope: FunctionInfo | undefined;
  holder: string | undefined;
  reported?: boolean;
}

/** Whether a function scope from `scope` outwards binds `name` itself (a local or a parameter). */
function shadowed(name: string, scope: FunctionInfo | undefined): boolean {
  for (let fn = scope; fn; fn = fn.parent) if (fn.locals.has(name) || fn.parameters.includes(name)) return true;
  return false;
}

function isLoader(callee: string | undefined): boolean {
  return callee !== undefined && (LOADERS.has(callee) || /^read_/.test(callee));
}

/** `sys.path.append("/opt/x/y")` / `sys.path.insert(0, ...)`. */
function isSysPath(node: Node, context: PythonRuleContext): boolean {
  const call = node.parent?.type === 'argument_list' ? node.parent.parent : null;
  const fn = call?.childForFieldName('function');
  return !!fn && /^sys\.path\.(?:append|insert)$/.test(context.module.qualify(fn, context.scope) ?? '');
}
