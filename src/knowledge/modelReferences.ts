/**
 * Model references that fetch whatever a registry holds today (unpinned-model-revision): Hugging
 * Face Hub ids, MLflow registry URIs by stage or `latest`, BentoML tags, torch.hub repositories,
 * KServe storage URIs. Pure string tests, shared by the Python, TS/JS and manifest implementations.
 */

/** Folder names that make `x/y` a local path rather than a Hub `org/model` id. */
const LOCAL_FOLDERS = new Set([
  'models',
  'model',
  'checkpoints',
  'checkpoint',
  'ckpt',
  'ckpts',
  'output',
  'outputs',
  'artifacts',
  'saved_models',
  'saved_model',
  'weights',
  'data',
  'tmp',
  'runs',
  'exp',
  'experiments',
  'pretrained',
  'local',
  'assets',
  'resources',
  'cache',
  'app',
  'src',
]);
const FILE_EXTENSION = /\.(pt|pth|bin|safetensors|onnx|json|pkl|pickle|joblib|h5|ckpt|gguf|ggml|txt|ya?ml|model|tar|gz|zip|npz|npy)$/i;

/**
 * Whether a literal names a model on the Hugging Face Hub: `org/model`, or a canonical one-word id
 * (`gpt2`, `bert-base-uncased`: a dash or a digit sets it apart from a local folder name).
 */
export function isHubId(value: string): boolean {
  if (!/^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/.test(value) || value.length > 120) return false;
  if (FILE_EXTENSION.test(value) || value.includes('..')) return false;
  const slash = value.indexOf('/');
  if (slash < 0) return /[-\d]/.test(value) && /[a-z]/i.test(value) && !/^\d+([.-]\d+)*$/.test(value);
  return !LOCAL_FOLDERS.has(value.slice(0, slash).toLowerCase());
}

/** An MLflow registry URI by stage or `latest` (`models:/fraud/Production`); versions and aliases are pinned. */
export function isMutableMlflowUri(value: string): boolean {
  return /^models:\/[^/@]+\/(latest|production|staging|archived|none)\/?$/i.test(value);
}

/** A BentoML model tag without a version, or with `:latest`. */
export function isMutableBentoTag(value: string): boolean {
  return /^[\w.-]+(:latest)?$/i.test(value);
}

/** A torch.hub repository without a `:ref` (`owner/repo` fetches the default branch). */
export function isUnpinnedHubRepo(value: string): boolean {
  return /^[\w.-]+\/[\w.-]+$/.test(value);
}

/** A KServe `storageUri` that ends in `latest` (`gs://bucket/fraud/latest`). */
export function isMutableStorageUri(value: string): boolean {
  return /[/:]latest\/?$/i.test(value.trim());
}
