import { defineRule } from '../define';
import { python } from './python';
import { typescript } from './typescript';

export const rule = defineRule({
  id: 'model-load-per-request',
  languages: ['py', 'ts/js'],
  category: 'latency-cost',
  severity: 'error',
  fixable: false,
  summary: 'Load models once, not on every request.',
  scope: 'production',
  docs: {
    why: 'Loading a model inside the request handler reads hundreds of megabytes from disk (or the network) on every call: latency goes from milliseconds to seconds and memory churns until the pod is killed. Load once at module scope or in a start-up hook and reuse it.',
    flags:
      "Python: a model or artifact load executed inside serving code — `torch.load`, `torch.jit.load`, `torch.hub.load`, `joblib.load`, `pickle.load`, `*.from_pretrained` (any receiver), any library's `load_model` (`keras.models.load_model`, `mlflow.pyfunc.load_model`, `XGBClassifier().load_model`), `tf.saved_model.load`, `onnxruntime.InferenceSession`, `transformers.pipeline(`, `xgboost.Booster(`, `lightgbm.Booster(model_file=...)`, `sentence_transformers.SentenceTransformer`, `spacy.load`, `vllm.LLM`, `llama_cpp.Llama`, `ultralytics.YOLO` — recognised through imports and aliases — and, through calls into functions of the same module up to three levels deep (`model = get_model()` where `get_model` calls `joblib.load`), reported on the call in serving code with the chain in the message. TypeScript/JavaScript: `ort.InferenceSession.create`, `tf.load*Model`, `pipeline(` from `@xenova/transformers`/`@huggingface/transformers` executed inside serving code.",
    doesNotFlag:
      'Loads at module scope, in startup/lifespan hooks (`__init__`, KServe `load`, TorchServe `initialize`, `on_event("startup")`), or inside a function decorated with `functools.lru_cache`/`cache` (a call into such a loader is not followed). Python also leaves alone a lazy load-once guarded by a test of the variable it fills (`if _model is None: _model = joblib.load(...)`, `if _model is not None: return _model` before the load, `if name not in cache: cache[name] = ...`), calls followed more than three levels deep, `pickle.loads` and loads from an in-memory `io.BytesIO` buffer (they decode request payloads) (a `load_model` function defined in the module is followed into like any other function of the module).',
    fix: 'None: move the load to module scope or a startup hook (FastAPI lifespan, TorchServe `initialize`, KServe `load`, Ray Serve `__init__`) and keep the model in a variable the handler reads.',
    bad: '@app.post("/predict")\ndef predict(req: PredictRequest):\n    model = joblib.load("model.joblib")\n    return {"y": model.predict([req.features]).tolist()}\n',
    good: 'model = joblib.load(os.environ.get("MODEL_PATH", "model.joblib"))\n\n@app.post("/predict")\ndef predict(req: PredictRequest):\n    return {"y": model.predict([req.features]).tolist()}\n',
  },
  implementations: { python, typescript },
});
