import type { RuleMeta } from '../../core/types';

export const meta: RuleMeta = {
  id: 'model-load-per-request',
  languages: ['py', 'ts/js'],
  category: 'latency-cost',
  severity: 'error',
  fixable: false,
  summary: 'Load models once, not on every request.',
  docs: {
    why: 'Loading a model inside the request handler reads hundreds of megabytes from disk (or the network) on every call: latency goes from milliseconds to seconds and memory churns until the pod is killed. Load once at module scope or in a start-up hook and reuse it.',
    flags:
      'a model/artifact load (`torch.load`, `joblib.load`, `pickle.load`, `*.from_pretrained`, `load_model`, `tf.saved_model.load`, `onnxruntime.InferenceSession`, `transformers.pipeline(`, `xgboost.Booster(`; ts: `ort.InferenceSession.create`, `tf.load*Model`, `pipeline(` from `@xenova/transformers`/`@huggingface/transformers`) executed inside serving code.',
    doesNotFlag: 'loads at module scope, in startup/lifespan hooks, or inside a function decorated with `functools.lru_cache`/`cache`.',
    fix: 'none (message explains hoisting to module scope or startup).',
  },
};
