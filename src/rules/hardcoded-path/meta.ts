import type { RuleMeta } from '../../core/types';

export const meta: RuleMeta = {
  id: 'hardcoded-path',
  languages: ['py', 'ts/js', 'manifests'],
  category: 'configuration',
  severity: 'error',
  fixable: true,
  summary: 'No machine-specific filesystem paths in code or manifests.',
  docs: {
    why: "A path to a laptop's home folder, a Colab drive or a mounted volume exists only on the machine where the pilot was written. In a container or another environment the file is not there and the service fails at start-up, or worse, on the first request.",
    flags:
      'a string literal that is a machine-specific path (`/home/..`, `/Users/..`, `/mnt/..`, `/data/..`, `C:\\..`, `~/..`), or another absolute path used as a filesystem path \u2014 exactly as *Precise definitions* below says; a relative literal ending in a model/data extension (`.pkl .pickle .joblib .pt .pth .ckpt .bin .safetensors .onnx .h5 .keras .pb .tflite .npy .npz .csv .parquet .feather .arrow .jsonl .xlsx`) passed to a loader or opener (`open`, `torch.load`, `joblib.load`, `pickle.load`, `np.load`, `pd.read_*`, `load_model`, `from_pretrained`, `InferenceSession`, `cv2.imread`, `Image.open`; ts: `fs.*`, `ort.InferenceSession.create`, `tf.load*Model`). Manifests (Kubernetes `hostPath` volumes, compose bind mounts of absolute host paths): as in code.',
    doesNotFlag:
      'URLs and URIs (`http:`, `s3:`, `gs:`, `hf://`), Hub model ids (`bert-base-uncased`, `org/model`), `/dev/null`, `/proc/..`, `/sys/..`, paths built from `os.environ`/`os.getenv`/`process.env`/config/CLI arguments or from `__file__`/`__dirname`, docstrings and comments, tests.',
    fix: 'py: `os.environ.get("<NAME>", "<literal>")` with NAME derived from the target variable or file kind (`MODEL_PATH`, `DATA_PATH`), adding `import os`; ts: `process.env.<NAME> ?? "<literal>"`.',
  },
};
