import type { Node } from '@vscode/tree-sitter-wasm';
import { callParts } from '../../parsers/python/ast';
import { calleeOf, callSpan, decoratedWith } from '../../parsers/python/edits';
import type { FunctionInfo } from '../../parsers/python/module';
import { definePython, type PythonRuleContext } from '../../parsers/python/rule';

/**
 * model-load-per-request: a model or artifact load executed inside serving code, so every request
 * reads the weights again. Loaders are recognised by their qualified names (`torch.load`,
 * `joblib.load`, `onnxruntime.InferenceSession`, `transformers.pipeline`, any `*.load_model` of an
 * imported library, ...) and `.from_pretrained(` on any receiver. Startup hooks are not serving code;
 * functions memoised with `functools.lru_cache`/`cache` load once; and a lazy load guarded by a check
 * of the variable it fills (`if model is None: model = joblib.load(...)`) runs once, so none of these
 * are flagged. `pickle.loads` and loads from an in-memory `io.BytesIO` buffer are left out: in a
 * handler they decode payloads and cache entries.
 */

const LOADERS = new Set([
  'torch.load',
  'torch.jit.load',
  'torch.hub.load',
  'torch.export.load',
  'joblib.load',
  'sklearn.externals.joblib.load',
  'pickle.load',
  'cloudpickle.load',
  'dill.load',
  'tensorflow.saved_model.load',
  'onnxruntime.InferenceSession',
  'transformers.pipeline',
  'transformers.pipelines.pipeline',
  'xgboost.Booster',
  'xgboost.core.Booster',
  'sentence_transformers.SentenceTransformer',
  'sentence_transformers.CrossEncoder',
  'spacy.load',
  'tensorflow_hub.load',
  'tensorflow_hub.KerasLayer',
  'vllm.LLM',
  'llama_cpp.Llama',
  'ultralytics.YOLO',
  'safetensors.torch.load_file',
]);

/** Constructors that load only when given a model file. */
const FILE_LOADERS: Record<string, { keywords: string[]; positional: number }> = {
  'lightgbm.Booster': { keywords: ['model_file', 'model_str'], positional: 1 },
  'lightgbm.basic.Booster': { keywords: ['model_file', 'model_str'], positional: 1 },
  'tensorflow.lite.Interpreter': { keywords: ['model_path', 'model_content'], positional: 0 },
  'tflite_runtime.interpreter.Interpreter': { keywords: ['model_path', 'model_content'], positional: 0 },
};

/** Last callee segments worth resolving (a cheap text test before qualification). */
const CANDIDATE_NAMES = new Set([
  'load',
  'load_file',
  'load_model',
  'from_pretrained',
  'InferenceSession',
  'pipeline',
  'Booster',
  'SentenceTransformer',
  'CrossEncoder',
  'KerasLayer',
  'Interpreter',
  'LLM',
  'Llama',
  'YOLO',
]);

const CACHING_DECORATORS = /^(functools\.(lru_cache|cache|cached_property)|cachetools\.(cached|func\.\w+)|async_lru\.alru_cache)$/;

/** The loader's name as messages show it, or undefined when the call loads nothing. */
function loaderName(call: Node, context: PythonRuleContext): string | undefined {
  const callee = calleeOf(call, context.text);
  if (!CANDIDATE_NAMES.has(callee.name)) return undefined;
  if (callee.name === 'from_pretrained') return callee.text.replace(/\s+/g, '');
  const qualified = context.module.qualify(callee.node, context.scope);
  if (!qualified) return undefined;
  if (LOADERS.has(qualified)) return readsPayload(call, context) ? undefined : qualified;
  const fileLoader = FILE_LOADERS[qualified];
  if (fileLoader) {
    const parts = callParts(call);
    const loads = fileLoader.keywords.some((k) => parts.keywords.has(k)) || parts.positional.length > fileLoader.positional;
    return loads ? qualified : undefined;
  }
  // `keras.models.load_model`, `mlflow.pyfunc.load_model`, `xgb.Booster().load_model`: any library's
  // load_model; a function defined in this module is not resolved and stays unflagged.
  if (callee.name === 'load_model' && qualified.includes('.')) {
    return qualified.includes('()') ? callee.text.replace(/\s+/g, '') : qualified;
  }
  return undefined;
}

/** `torch.load(io.BytesIO(body))`: decoding an in-memory payload, not loading a model file. */
function readsPayload(call: Node, context: PythonRuleContext): boolean {
  const first = callParts(call).positional[0];
  if (first?.type !== 'call') return false;
  const qualified = context.module.qualify(calleeOf(first, context.text).node, context.scope);
  return qualified === 'io.BytesIO' || qualified === 'io.StringIO';
}

/**
 * A lazy, load-once initialisation: the load fills a variable (`model`, `self.model`,
 * `_cache[name]`) inside an `if` that tests that same variable.
 */
function isGuardedLazyLoad(call: Node, context: PythonRuleContext): boolean {
  let node: Node | null = call.parent;
  for (let depth = 0; node && depth < 6; depth++, node = node.parent) {
    if (node.type === 'assignment' || node.type === 'augmented_assignment') break;
    if (node.type === 'expression_statement' || node.type === 'block' || node.type === 'return_statement') return false;
  }
  if (!node || (node.type !== 'assignment' && node.type !== 'augmented_assignment')) return false;
  const target = node.childForFieldName('left');
  if (!target) return false;
  const root = target.type === 'subscript' ? target.childForFieldName('value') : target;
  const name = root ? context.text.slice(root.startIndex, root.endIndex) : '';
  if (!name) return false;
  const word = new RegExp(`(^|[^\\w.])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\w)`);
  const scopeStart = context.scope?.start ?? -1;
  for (let i = context.ancestors.length - 1; i >= 0; i--) {
    const ancestor = context.ancestors[i];
    if (ancestor.start <= scopeStart) break;
    if (ancestor.kind !== 'if_statement') continue;
    const condition = ancestor.node.childForFieldName('condition');
    if (condition && word.test(context.text.slice(condition.startIndex, condition.endIndex))) return true;
  }
  return false;
}

/** `if _model is not None: return _model` before the load: an early-return guard on the variable it fills. */
function hasEarlyReturnGuard(call: Node, context: PythonRuleContext): boolean {
  const scope = context.scope;
  if (!scope) return false;
  let node: Node | null = call.parent;
  for (let depth = 0; node && depth < 6 && node.type !== 'assignment'; depth++) node = node.parent;
  const target = node?.type === 'assignment' ? node.childForFieldName('left') : null;
  const root = target?.type === 'subscript' ? target.childForFieldName('value') : target;
  if (!root) return false;
  const name = context.text.slice(root.startIndex, root.endIndex).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const before = context.text.slice(scope.start, call.startIndex);
  return new RegExp(`\\bif\\s+(?:not\\s+)?${name}\\b[^\\n:]*:\\s*(?:#[^\\n]*)?(?:\\r?\\n\\s*)?return\\b`).test(before);
}

interface Load {
  call: Node;
  name: string;
}

interface ProjectCall {
  call: Node;
  /** The function of this module it calls. */
  target: FunctionInfo;
  /** The function the call sits in (undefined at module level). */
  caller: FunctionInfo | undefined;
  /** The serving function it runs in, if any. */
  serving: FunctionInfo | undefined;
}

interface State {
  /** Loads each function executes itself, neither cached nor guarded. */
  loads: Map<FunctionInfo, Load[]>;
  calls: ProjectCall[];
}

/** How many project calls deep a load is followed from serving code (R2.3). */
const MAX_DEPTH = 3;

/** The function of this module a call runs: `helper()` for a module-level `def helper`, `self.helper()` in a class. */
function projectFunction(call: Node, context: PythonRuleContext): FunctionInfo | undefined {
  const callee = calleeOf(call, context.text);
  const module = context.module;
  if (callee.node?.type === 'identifier') {
    const name = callee.text;
    for (let fn = context.scope; fn; fn = fn.parent) if (fn.locals.has(name) || fn.parameters.includes(name)) return undefined;
    const found = module.functions.filter((fn) => fn.name === name && !fn.parent && !fn.classInfo);
    return found.length === 1 && module.globals.get(name) === null ? found[0] : undefined;
  }
  const klass = context.scope?.classInfo;
  if (callee.node?.type === 'attribute' && callee.receiver === 'self' && klass) {
    const found = module.functions.filter((fn) => fn.name === callee.name && fn.classInfo === klass && !fn.parent);
    return found.length === 1 ? found[0] : undefined;
  }
  return undefined;
}

const isCached = (fn: FunctionInfo) => decoratedWith(fn, (d) => CACHING_DECORATORS.test(d));

/** The chain of project calls from `target` to an uncached load, at most `MAX_DEPTH` calls deep. */
function loadingChain(target: FunctionInfo, state: State, depth: number, seen: Set<FunctionInfo>): string[] | undefined {
  if (depth > MAX_DEPTH || seen.has(target) || isCached(target) || target.serving) return undefined;
  seen.add(target);
  const load = state.loads.get(target)?.[0];
  if (load) return [`${target.name}()`, `${load.name}()`];
  for (const call of state.calls) {
    if (call.caller !== target) continue;
    const chain = loadingChain(call.target, state, depth + 1, seen);
    if (chain) return [`${target.name}()`, ...chain];
  }
  return undefined;
}

export const python = definePython<State>({
  createState: () => ({ loads: new Map(), calls: [] }),
  visitors: {
    call(node, context, state) {
      const serving = context.servingFunction;
      const name = loaderName(node, context);
      if (!name) {
        // A call into a function of this module: followed from serving code when the walk is over.
        const target = projectFunction(node, context);
        if (target && target !== context.scope && !isGuardedLazyLoad(node, context) && !hasEarlyReturnGuard(node, context)) {
          state.calls.push({ call: node, target, caller: context.scope, serving });
        }
        return;
      }
      if (decoratedWith(context.scope, (d) => CACHING_DECORATORS.test(d))) return;
      if (isGuardedLazyLoad(node, context) || hasEarlyReturnGuard(node, context)) return;
      if (!serving) {
        if (context.scope) {
          const list = state.loads.get(context.scope) ?? [];
          list.push({ call: node, name });
          state.loads.set(context.scope, list);
        }
        return;
      }
      const span = callSpan(node, context.text);
      context.report(
        span.start,
        span.end,
        `${name}() loads a model on every request to ${serving.name}(): each call re-reads the weights, adding seconds of latency and memory churn; load it once at module scope or in a startup hook`,
      );
    },
  },
  finish(context, state) {
    for (const call of state.calls) {
      if (!call.serving) continue;
      const chain = loadingChain(call.target, state, 1, new Set());
      if (!chain) continue;
      const span = callSpan(call.call, context.text);
      context.report(
        span.start,
        span.end,
        `${chain[0]} loads a model on every request to ${call.serving.name}() (${chain.join(' → ')}): each call re-reads the weights, adding seconds of latency and memory churn; load it once at module scope or in a startup hook, or cache the loader with functools.lru_cache`,
      );
    }
  },
});
