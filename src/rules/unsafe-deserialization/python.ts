import type { Node } from '@vscode/tree-sitter-wasm';
import type { Fix } from '../../core/types';
import { addKeywordArgument, callParts } from '../../parsers/python/ast';
import { calleeOf, callSpan } from '../../parsers/python/edits';
import { stringValue, type FunctionInfo, type PythonModule } from '../../parsers/python/module';
import type { PythonRuleContext, PythonRuleImplementation } from '../../parsers/python/rule';

/**
 * unsafe-deserialization: loads that run code from their input.
 * - `torch.load(...)` without `weights_only=True` unpickles arbitrary objects (before torch 2.6 by default);
 * - `from_pretrained`/`pipeline`/`AutoModel*` with `trust_remote_code=True` and no `revision` runs
 *   whatever Python the Hub repository holds today;
 * - `pickle`/`joblib`/`dill`/`cloudpickle` loads and `np.load(..., allow_pickle=True)` of request
 *   data: the request object's body, files or form (Flask's `request`, a Starlette/FastAPI/aiohttp
 *   `Request` parameter), a serving function's parameters, or a value decoded from them
 *   (`base64.b64decode`, `io.BytesIO`, `.read()`, indexing), followed through local variables.
 * Loads of files (a trusted artifact read at startup) are left alone.
 */

const PICKLE_LOADS = /^(pickle|_pickle|cPickle|dill|cloudpickle)\.(load|loads)$|^joblib\.load$|^pickle\.Unpickler$/;
const NUMPY_LOAD = /^numpy\.load$/;
/** Attributes and methods of a request (or upload) object that yield its payload. */
const PAYLOAD_MEMBERS = new Set([
  'body',
  'files',
  'form',
  'data',
  'stream',
  'content',
  'file',
  'json',
  'values',
  'get_data',
  'get_json',
  'read',
  'post',
  'text',
  'raw',
  'getvalue',
]);
/** Calls that decode a payload into bytes or a buffer without making it trustworthy. */
const DECODERS =
  /^(base64\.\w*decode\w*|binascii\.\w+|codecs\.decode|zlib\.decompress|gzip\.decompress|bz2\.decompress|lzma\.decompress|io\.BytesIO|bytes|bytearray|memoryview|bytes\.fromhex|json\.loads)$/;
/** Parameters of serving functions that are not the request. */
const NOT_PAYLOAD_PARAMETERS = new Set(['self', 'cls', 'context', 'ctx']);
const HUB_LOADERS = /^(from_pretrained|pipeline|AutoModel\w*)$/;

interface State {
  /** Locals of serving functions bound to request data. */
  tainted: Map<FunctionInfo, Set<string>>;
}
const states = new WeakMap<PythonModule, State>();

function stateOf(module: PythonModule): State {
  let state = states.get(module);
  if (!state) states.set(module, (state = { tainted: new Map() }));
  return state;
}

/** Whether an expression carries request data (bounded depth: payloads are a few steps from the request). */
function isRequestData(node: Node | null, context: PythonRuleContext, depth = 0): boolean {
  if (!node || depth > 8) return false;
  switch (node.type) {
    case 'parenthesized_expression':
    case 'await':
      return isRequestData(node.namedChild(0), context, depth + 1);
    case 'identifier': {
      const name = node.text;
      const serving = context.servingFunction;
      if (context.module.qualify(node, context.scope) === 'flask.request') return true;
      if (!serving) return false;
      for (let fn = context.scope; fn; fn = fn.parent) {
        if (stateOf(context.module).tainted.get(fn)?.has(name)) return true;
        if (fn.locals.has(name)) return false;
        if (fn.parameters.includes(name)) return fn === serving && !NOT_PAYLOAD_PARAMETERS.has(name);
        if (fn === serving) break;
      }
      return false;
    }
    case 'attribute': {
      const attribute = node.childForFieldName('attribute')?.text ?? '';
      return PAYLOAD_MEMBERS.has(attribute) && isRequestData(node.childForFieldName('object'), context, depth + 1);
    }
    case 'subscript':
      return isRequestData(node.childForFieldName('value'), context, depth + 1);
    case 'call': {
      const fn = node.childForFieldName('function');
      if (fn?.type === 'attribute') {
        const method = fn.childForFieldName('attribute')?.text ?? '';
        const object = fn.childForFieldName('object');
        if (
          (PAYLOAD_MEMBERS.has(method) || method === 'get' || method === 'encode' || method === 'getlist') &&
          isRequestData(object, context, depth + 1)
        ) {
          return true;
        }
      }
      const qualified = context.module.qualify(fn, context.scope);
      if (!qualified || !DECODERS.test(qualified)) return false;
      const first = callParts(node).positional[0] ?? null;
      return isRequestData(first, context, depth + 1);
    }
    default:
      return false;
  }
}

function torchLoadFinding(call: Node, context: PythonRuleContext): void {
  const parts = callParts(call);
  const weightsOnly = parts.keywords.get('weights_only');
  if (weightsOnly?.type === 'true') return;
  if (!weightsOnly && parts.hasKeywordSplat) return;
  // A variable or expression: the caller decides; only a missing or literal False is a finding.
  if (weightsOnly && weightsOnly.type !== 'false') return;
  const span = callSpan(call, context.text);
  const edit = weightsOnly
    ? { start: weightsOnly.startIndex, end: weightsOnly.endIndex, text: 'True' }
    : addKeywordArgument(call, context.text, 'weights_only=True');
  const fix: Fix | undefined = edit
    ? {
        description: weightsOnly ? 'Set weights_only=True' : 'Add weights_only=True',
        edits: [edit],
        safe: false,
      }
    : undefined;
  context.report(
    span.start,
    span.end,
    weightsOnly
      ? 'torch.load() with weights_only=False unpickles arbitrary objects: a tampered checkpoint runs code in the serving process; load weights only (weights_only=True) and rebuild the module in code'
      : 'torch.load() without weights_only=True unpickles arbitrary objects (the default before torch 2.6): a tampered checkpoint runs code in the serving process; pass weights_only=True',
    fix,
  );
}

function remoteCodeFinding(call: Node, context: PythonRuleContext, name: string): void {
  const parts = callParts(call);
  if (parts.keywords.get('trust_remote_code')?.type !== 'true') return;
  const revision = parts.keywords.get('revision');
  if (revision && stringValue(revision, context.text) !== 'main') return;
  if (!revision && parts.hasKeywordSplat) return;
  // A model id that is a local path runs the code that ships with the image.
  const id =
    parts.keywords.get('pretrained_model_name_or_path') ?? parts.keywords.get('model') ?? parts.positional[name === 'pipeline' ? 1 : 0];
  const value = stringValue(id ?? null, context.text);
  if (value !== undefined && /^(\.{0,2}\/|~)/.test(value)) return;
  const span = callSpan(call, context.text);
  context.report(
    span.start,
    span.end,
    `${calleeOf(call, context.text).text.replace(/\s+/g, '')}() runs the model repository's Python (trust_remote_code=True) with no pinned revision: whoever can push to that repository runs code in this service; pin revision="<commit sha>"`,
  );
}

export const python: PythonRuleImplementation = {
  visitors: {
    assignment(node, context) {
      const serving = context.servingFunction;
      if (!serving || !context.scope) return;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type !== 'identifier' || !right) return;
      const tainted = stateOf(context.module).tainted;
      let names = tainted.get(context.scope);
      if (isRequestData(right, context)) {
        if (!names) tainted.set(context.scope, (names = new Set()));
        names.add(left.text);
      } else names?.delete(left.text);
    },
    call(node, context) {
      const callee = calleeOf(node, context.text);
      const name = callee.name;
      if (name === 'load' || name === 'loads' || name === 'Unpickler') {
        const qualified = context.module.qualify(callee.node, context.scope);
        if (!qualified) return;
        if (qualified === 'torch.load') {
          torchLoadFinding(node, context);
          return;
        }
        const parts = callParts(node);
        const numpy = NUMPY_LOAD.test(qualified);
        if (numpy) {
          if (parts.keywords.get('allow_pickle')?.type !== 'true') return;
        } else if (!PICKLE_LOADS.test(qualified)) return;
        const argument = parts.positional[0] ?? parts.keywords.get('file') ?? parts.keywords.get('filename') ?? null;
        if (!isRequestData(argument, context)) return;
        const span = callSpan(node, context.text);
        context.report(
          span.start,
          span.end,
          `${qualified}() of request data${numpy ? ' with allow_pickle=True' : ''} runs whatever code the client packed into it: accept a data format (JSON, safetensors, numpy without pickles) instead`,
        );
        return;
      }
      if (HUB_LOADERS.test(name) && context.text.includes('trust_remote_code')) remoteCodeFinding(node, context, name);
    },
  },
};
