import { defineRule } from '../define';
import { python } from './python';
import { typescript } from './typescript';
import { manifest } from './manifest';

export const rule = defineRule({
  id: 'hardcoded-path',
  languages: ['py', 'ts/js', 'manifests'],
  category: 'configuration',
  severity: 'error',
  fixable: true,
  summary: 'No machine-specific filesystem paths in code or manifests.',
  scope: 'production',
  docs: {
    why: "A path to a laptop's home folder, a Colab drive or a mounted volume exists only on the machine where the pilot was written; a relative model file resolves against whatever directory the process happens to start in. In a container or another environment the file is not there and the service fails at start-up, or worse, on the first request.",
    flags:
      '(a) any string literal starting with a machine-specific prefix — `/home/`, `/Users/`, `/root/`, `/mnt/`, `/media/`, `/data/`, `/content/` (Colab), `/kaggle/`, `/workspace/`, `~/`, a drive letter (`C:\\`, `C:/`); (b) any other absolute literal of two or more segments used as a filesystem path — passed to a file, path or loader API (`open`, `Path`, `os.path.*`, `shutil.*`, `torch.load`, `joblib.load`, `from_pretrained`, `StaticFiles(directory=...)`, ...) or held by a name ending in `path`, `dir`, `file`, `folder`, `root` (assignments, keyword arguments, parameter defaults, dict keys); (c) a relative literal with a model/data extension (`.pkl .pickle .joblib .pt .pth .ckpt .bin .safetensors .onnx .h5 .keras .pb .tflite .npy .npz .csv .parquet .feather .arrow .jsonl .xlsx`) passed to a loader or opener, directly or through a name bound once to it (`MODEL_FILE = \"model.pkl\"` … `joblib.load(MODEL_FILE)`: the finding sits on the literal) (`open`, `torch.load`, `joblib.load`, `np.load`, `pd.read_*`, `load_model`, `from_pretrained`, `InferenceSession`, `cv2.imread`, `Image.open`; ts: `fs.*`, `ort.InferenceSession.create`, `tf.load*Model`). Manifests: Kubernetes `hostPath` volumes and compose bind mounts of absolute host paths.',
    doesNotFlag:
      'the default of an environment or config lookup (`os.environ.get("MODEL_PATH", "/mnt/m.pt")`, `os.getenv(...)`, `os.environ.get("X") or "..."`, `config.get(key, default)`, argparse/click/typer/pydantic `default=`, fields of a pydantic `BaseSettings` class; ts: `process.env.X ?? "..."`), route and probe paths (`@app.get("/v1/predict")`, `add_url_rule`), `/dev/`, `/proc/`, `/sys/`, `/etc/`, URLs and URIs (`http:`, `s3:`, `gs:`, `hf://`), Hub model ids (`bert-base-uncased`, `org/model`), paths joined from `__file__`/`__dirname`, bare prefixes in comparisons and `startswith`, messages passed to print/logging, regular expressions, docstrings and comments, tests; container-side paths in manifests (`mountPath`, `WORKDIR`, `COPY` targets).',
    fix: 'py: `os.environ.get("<NAME>", "<literal>")`, keeping the literal as the default, with NAME from the holder (`MODEL_PATH = "/home/x/m.pkl"` → `MODEL_PATH`, `model_dir` → `MODEL_DIR`), else the variable a loader\'s result goes to (`embedder = torch.load("…")` → `EMBEDDER_PATH`), else the file kind (`.pt/.pkl/...` → `MODEL_PATH`, `.csv/.parquet/...` → `DATA_PATH`), never a system variable such as `PATH` or `HOME`. One variable per distinct path: a name another path of the module already has (an earlier fix, or an existing `os.environ.get("MODEL_PATH", "<other>")`) gives way to one from the file\'s own name (`fraud_xgb_v3.pkl` → `FRAUD_XGB_V3_PATH`), then a numbered one. Adds `import os` placed where isort and ruff put it (the standard-library section, alphabetically, after the docstring and `__future__` imports and before third-party and first-party imports); inside a Kubeflow `@dsl.component`, whose body is shipped without the module, `import os` goes inside the function (no fix in its parameter defaults). ts: `process.env.<NAME> ?? "<literal>"`.',
    bad: 'import joblib\n\nMODEL_PATH = "/home/alice/project/model.joblib"\nmodel = joblib.load(MODEL_PATH)\nscaler = joblib.load("scaler.pkl")',
    good: 'import os\n\nimport joblib\n\nMODEL_PATH = os.environ.get("MODEL_PATH", "/models/model.joblib")\nmodel = joblib.load(MODEL_PATH)\nscaler = joblib.load(os.environ.get("SCALER_PATH", "/models/scaler.pkl"))',
  },
  implementations: { python, typescript, manifest },
});
