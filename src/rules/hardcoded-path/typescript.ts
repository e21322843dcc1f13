import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Fix } from '../../core/types';
import {
  assignedName,
  inSafeExpressionSlot,
  isModuleSpecifier,
  isProcessEnv,
  propertyName,
  stringValue,
  unwrap,
  type TsModule,
} from '../../parsers/typescript/module';
import type { Node } from '../../parsers/typescript/parse';
import type { TsRuleImplementation, TsRuleContext } from '../../parsers/typescript/rule';
import { nameWords, secretEnvName } from '../../knowledge/secrets';

/**
 * hardcoded-path (ts/js), exactly as rules.md defines it: (a) a literal starting with a
 * machine-specific prefix; (b) another absolute literal of two or more segments passed to a file,
 * path or loader API or assigned to a name ending in path/dir/file/folder/root; (c) a relative
 * literal with a model/data extension passed to a loader or opener. Never the default of an
 * environment lookup (`process.env.X ?? "..."`, what the fix writes), route paths, URLs,
 * `/dev/ /proc/ /sys/ /etc/` (and the other system folders: `/run/`, `/usr/bin/`, `C:\\Windows`), paths built from `__dirname`/`process.env`, tests.
 */

const MACHINE_PREFIX = /^(\/home\/|\/Users\/|\/root\/|\/mnt\/|\/media\/|\/data\/|\/content\/|\/kaggle\/|\/workspace\/|~\/|[A-Za-z]:[\\/])/;
const SYSTEM_PREFIX =
  /^\/(dev|proc|sys|etc|run|var\/run|bin|sbin|usr\/(local\/)?s?bin|usr\/lib)(\/|$)|^[A-Za-z]:[\\/]+(Windows|Program Files|ProgramData)([\\/]|$)/i;
/** Roots of filesystem paths, for absolute literals recognised only by the name they are assigned to (`/api/v1/x` in `apiPath` is a URL path). */
const FILESYSTEM_ROOT =
  /^\/(opt|var|srv|tmp|usr|models?|app|artifacts|weights|checkpoints|cache|run|nfs|efs|scratch|shared|volumes?|persistent|outputs?|inputs?|storage|lib|tmp)\/|\.[A-Za-z0-9]{1,10}$/;
const ABSOLUTE_TWO_SEGMENTS = /^\/[^/\s]+\/[^/\s]/;
const MODEL_EXTENSION = /\.(pkl|pickle|joblib|pt|pth|ckpt|bin|safetensors|onnx|h5|keras|pb|tflite)$/i;
const DATA_EXTENSION = /\.(npy|npz|csv|parquet|feather|arrow|jsonl|xlsx)$/i;
const PATH_NAME_WORDS = new Set([
  'path',
  'dir',
  'file',
  'folder',
  'root',
  'directory',
  'filepath',
  'filename',
  'dirname',
  'dirpath',
  'folderpath',
]);
const FS_MODULES = /^(fs|fs\/promises|fs-extra|graceful-fs|fs\.promises)\./;
const PATH_APIS =
  /^(path|path\/posix|path\/win32|upath)\.(join|resolve|normalize|relative|dirname|parse)$|^express\.static$|^serve-static$/;
const LOADERS =
  /^(onnxruntime-node|onnxruntime-web|onnxruntime-common)\.InferenceSession\.create$|^@tensorflow\/tfjs(-node|-node-gpu)?\.(load\w*Model|node\.loadSavedModel)$|^(@xenova\/transformers|@huggingface\/transformers)\.(pipeline|\w+\.from_pretrained)$|^sharp$|^jimp\.read$/;
/** Keys whose values are URLs or routes, not files. */
const ROUTE_KEYS = new Set([
  'url',
  'href',
  'route',
  'endpoint',
  'to',
  'pathname',
  'redirect',
  'prefix',
  'baseURL',
  'baseUrl',
  'uri',
  'location',
  'basePath',
  'source',
  'destination',
  'src',
]);
const ROUTE_METHODS = new Set([
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'del',
  'all',
  'head',
  'options',
  'use',
  'route',
  'register',
  'redirect',
  'push',
  'replace',
  'navigate',
]);

function calleeOfArgument(node: Node): TSESTree.CallExpression | TSESTree.NewExpression | undefined {
  const parent = node.parent;
  if ((parent?.type === 'CallExpression' || parent?.type === 'NewExpression') && parent.arguments.includes(node as never)) return parent;
  return undefined;
}

function isFileApi(qualified: string | undefined, withPathApis: boolean): boolean {
  if (!qualified) return false;
  return FS_MODULES.test(qualified) || LOADERS.test(qualified) || (withPathApis && PATH_APIS.test(qualified));
}

/**
 * `process.env.X ?? "/mnt/m"` (what the fix writes, so a second pass leaves it), `process.env.X ? … : "/mnt/m"`,
 * `const { X = "/mnt/m" } = process.env`, `config.get("x", "/mnt/m")` — with `process` the global or imported from 'node:process'.
 */
function isLookupDefault(node: Node, module: TsModule): boolean {
  let current: Node = node;
  let parent = current.parent;
  while (parent && (parent.type === 'TSAsExpression' || parent.type === 'TSSatisfiesExpression')) {
    current = parent;
    parent = parent.parent;
  }
  if (parent?.type === 'LogicalExpression' && parent.right === current) return readsEnvironment(parent.left, module);
  if (parent?.type === 'ConditionalExpression' && parent.alternate === current) return readsEnvironment(parent.test, module);
  if (parent?.type === 'AssignmentPattern' && parent.right === current) {
    const pattern = parent.parent?.parent;
    return (
      pattern?.type === 'ObjectPattern' &&
      pattern.parent?.type === 'VariableDeclarator' &&
      !!pattern.parent.init &&
      isProcessEnv(pattern.parent.init, module)
    );
  }
  if (parent?.type === 'CallExpression' && parent.arguments.indexOf(current as never) > 0) {
    const callee = unwrap(parent.callee);
    return callee.type === 'MemberExpression' && /^(get|getOrDefault|getString|env)$/.test(propertyName(callee) ?? '');
  }
  return false;
}

function readsEnvironment(expression: Node, module: TsModule): boolean {
  const node = unwrap(expression);
  if (node.type === 'MemberExpression') return isProcessEnv(node.object, module) || readsEnvironment(node.object, module);
  if (node.type === 'CallExpression')
    return node.arguments.some((argument) => readsEnvironment(argument, module)) || readsEnvironment(node.callee, module);
  if (node.type === 'LogicalExpression') return readsEnvironment(node.left, module) || readsEnvironment(node.right, module);
  return false;
}

/** The first argument of a route registration, navigation or HTTP call; a route-ish object key. */
function isRouteOrUrl(node: Node, value: string): boolean {
  if (/[*]|\/:[A-Za-z_]|\[[A-Za-z.]+\]/.test(value)) return true;
  const parent = node.parent;
  if (parent?.type === 'Property' && parent.value === node && ROUTE_KEYS.has(propertyName(parent) ?? '')) return true;
  // A router's route table: { path: '/data/overview', element: … }.
  if (
    parent?.type === 'Property' &&
    parent.value === node &&
    propertyName(parent) === 'path' &&
    parent.parent?.type === 'ObjectExpression'
  ) {
    if (
      parent.parent.properties.some(
        (sibling) =>
          sibling.type === 'Property' &&
          /^(element|component|components|children|handler|method|loader|redirect|redirectTo|name|meta)$/.test(propertyName(sibling) ?? ''),
      )
    )
      return true;
  }
  if (parent?.type === 'JSXAttribute' || parent?.type === 'JSXExpressionContainer') return true;
  const call = calleeOfArgument(node);
  if (call && call.arguments[0] === node) {
    const callee = unwrap(call.callee);
    const method = callee.type === 'MemberExpression' ? propertyName(callee) : callee.type === 'Identifier' ? callee.name : undefined;
    if (method && (ROUTE_METHODS.has(method) || /^(fetch|axios|request|redirect|navigate|Link)$/.test(method))) return true;
  }
  return false;
}

/** `path.join(__dirname, "/data/x")`: built from the file's own location or the environment. */
function isAnchoredJoin(node: Node, module: TsModule): boolean {
  const call = calleeOfArgument(node);
  if (!call || !PATH_APIS.test(module.qualify(call.callee) ?? '')) return false;
  return call.arguments.some((argument) => {
    if (argument === node) return false;
    const value = unwrap(argument);
    if (value.type === 'Identifier') return value.name === '__dirname' || value.name === '__filename';
    const text = module.text.slice(value.range[0], value.range[1]);
    return /import\.meta|process\.cwd\(\)|process\.env|__dirname/.test(text);
  });
}

/** `res.sendFile("/srv/app/index.html")`, `res.download(…)`: Express/Fastify answer with a file from disk. */
function sendsFile(node: Node): boolean {
  const call = calleeOfArgument(node);
  const callee = call ? unwrap(call.callee) : undefined;
  return callee?.type === 'MemberExpression' && call!.arguments[0] === node && /^(sendFile|download)$/.test(propertyName(callee) ?? '');
}

function isPathName(name: string | undefined): boolean {
  if (!name) return false;
  const words = nameWords(name);
  return PATH_NAME_WORDS.has(words[words.length - 1] ?? '');
}

function envName(name: string | undefined, value: string): string {
  if (isPathName(name)) return secretEnvName(name!);
  if (MODEL_EXTENSION.test(value)) return 'MODEL_PATH';
  if (DATA_EXTENSION.test(value)) return 'DATA_PATH';
  return /\.[A-Za-z0-9]{1,8}$/.test(value) ? 'DATA_PATH' : 'DATA_DIR';
}

function check(node: Node, context: TsRuleContext): void {
  const { module } = context;
  if (module.isTestFile) return;
  const value = stringValue(node);
  if (!value || value.length < 3 || /[\r\n]/.test(value) || isModuleSpecifier(node)) return;
  if (SYSTEM_PREFIX.test(value) || /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^(file|data|s3|gs|hf):/i.test(value)) return;
  const parent = node.parent;
  if ((parent?.type === 'Property' || parent?.type === 'PropertyDefinition') && parent.key === node) return;
  if (parent?.type === 'MemberExpression' && parent.property === node) return;
  if (parent?.type === 'SwitchCase' || (parent?.type === 'BinaryExpression' && parent.operator !== '+')) return;
  let reason: string | undefined;
  const machine = MACHINE_PREFIX.test(value);
  const name = assignedName(node);
  if (machine) reason = 'a machine-specific path';
  else if (
    ABSOLUTE_TWO_SEGMENTS.test(value) &&
    ((isPathName(name) && FILESYSTEM_ROOT.test(value)) ||
      isFileApi(module.qualify(calleeOfArgument(node)?.callee), true) ||
      sendsFile(node))
  ) {
    reason = 'an absolute path that exists only where it was written';
  } else if (
    !value.startsWith('/') &&
    (MODEL_EXTENSION.test(value) || DATA_EXTENSION.test(value)) &&
    isFileApi(module.qualify(calleeOfArgument(node)?.callee), false)
  ) {
    reason = 'a path relative to whatever folder the process starts in';
  }
  if (!reason) return;
  if (isLookupDefault(node, module) || isRouteOrUrl(node, value) || isAnchoredJoin(node, module)) return;
  const env = envName(name, value);
  const literal = context.text.slice(node.range[0], node.range[1]);
  const replacement = `process.env.${env} ?? ${literal}`;
  // `process` here must be Node's (the global, or imported from 'node:process'): under a local of that name the
  // rewrite would read something else, and this rule would not see its own default and wrap it again.
  const fix: Fix | undefined =
    module.qualifyName('process', node) === 'process'
      ? {
          description: `Read it from process.env.${env}, keeping this value as the default`,
          edits: [{ start: node.range[0], end: node.range[1], text: inSafeExpressionSlot(node) ? replacement : `(${replacement})` }],
          safe: true,
        }
      : undefined;
  context.report(
    node.range[0],
    node.range[1],
    `hardcoded path ${JSON.stringify(value)} is ${reason}: it breaks in a container; read it from process.env.${env}`,
    fix,
  );
}

/** `${…}` templates rooted at a machine-specific folder: `` `/home/maya/models/${name}.onnx` ``. No fix: the variable part stays. */
function checkTemplatePrefix(template: TSESTree.TemplateLiteral, context: TsRuleContext): void {
  const { module } = context;
  const head = template.quasis[0]?.value.cooked;
  if (module.isTestFile || !head || !MACHINE_PREFIX.test(head) || /[\r\n]/.test(head)) return;
  if (isLookupDefault(template, module) || isRouteOrUrl(template, head)) return;
  context.report(
    template.range[0],
    template.range[1],
    `hardcoded path starting ${JSON.stringify(head)} is a machine-specific path: it breaks in a container; build it from a folder read from process.env`,
  );
}

export const typescript: TsRuleImplementation = {
  visitors: {
    Literal: check,
    TemplateLiteral(node, context) {
      const template = node as TSESTree.TemplateLiteral;
      if (template.expressions.length === 0) check(node, context);
      else checkTemplatePrefix(template, context);
    },
  },
};
