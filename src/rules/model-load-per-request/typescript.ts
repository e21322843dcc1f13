import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Node } from '../../parsers/typescript/parse';
import type { TsRuleImplementation, TsRuleContext } from '../../parsers/typescript/rule';

/**
 * model-load-per-request (ts/js): a model load executed inside serving code — ONNX Runtime's
 * `InferenceSession.create`, TensorFlow.js `tf.load*Model` / `tf.node.loadSavedModel`,
 * transformers.js `pipeline(` and `*.from_pretrained`. Every request then pays seconds of disk
 * and memory churn. A lazy cache (`session ??= await ort.InferenceSession.create(…)` into a
 * variable that outlives the request) is not a per-request load.
 */
const LOADERS =
  /^(onnxruntime-node|onnxruntime-web|onnxruntime-common)\.InferenceSession\.create$|^@tensorflow\/tfjs(-node|-node-gpu)?\.(load\w*Model|node\.loadSavedModel)$|^(@xenova\/transformers|@huggingface\/transformers)\.(pipeline|\w+\.from_pretrained)$/;

/** The load's result is stored in something that outlives this call: a module variable, a field, a cache. */
function isCachedLoad(call: Node, context: TsRuleContext): boolean {
  let current: Node = call;
  let parent = current.parent;
  while (parent && (parent.type === 'AwaitExpression' || parent.type === 'TSAsExpression' || parent.type === 'TSNonNullExpression')) {
    current = parent;
    parent = parent.parent;
  }
  if (parent?.type === 'AssignmentExpression' && parent.right === current) {
    const target = parent.left;
    if (target.type === 'MemberExpression') return true;
    if (target.type === 'Identifier') {
      // Declared outside the serving function (module scope or an enclosing factory): a cache.
      const serving = context.servingFunctionOf(call);
      for (let scope = context.module.declaringFunction(target.name, target); scope; scope = scope.parent) {
        if (scope === serving) return false;
      }
      return true;
    }
  }
  // `cache.set(key, load())` / `memo(() => load())` shapes.
  if (parent?.type === 'CallExpression' && parent.arguments.includes(current as never)) {
    const callee = parent.callee;
    if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && callee.property.name === 'set')
      return true;
  }
  return false;
}

export const typescript: TsRuleImplementation = {
  visitors: {
    CallExpression(node, context) {
      const call = node as TSESTree.CallExpression;
      const serving = context.servingFunctionOf(call);
      if (!serving) return;
      const qualified = context.module.qualify(call.callee);
      if (!qualified || !LOADERS.test(qualified)) return;
      if (isCachedLoad(call, context)) return;
      const callee = context.text.slice(call.callee.range[0], call.callee.range[1]);
      context.report(
        call.callee.range[0],
        call.range[1],
        `${callee}() loads a model on every request: each call pays the load time and memory again; load it once at module scope or at startup and reuse it`,
      );
    },
  },
};
