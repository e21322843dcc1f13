import { PYTHON_STDLIB_MODULES } from '../../knowledge/pythonStdlib';
import { normalizeDistribution } from '../../parsers/dependencies';

/**
 * Which distribution provides an import name. Most distributions install a module of their own
 * name (`fastapi`, `torch`, `huggingface_hub` ↔ `huggingface-hub`); the table lists the ones that do
 * not, with every distribution that provides the module (`cv2` comes from four OpenCV builds).
 */

/** The Python standard library's top-level modules (one list, in `knowledge/`). */
export const STDLIB_MODULES: ReadonlySet<string> = PYTHON_STDLIB_MODULES;

const PROVIDED_BY: Record<string, readonly string[]> = {
  sklearn: ['scikit-learn'],
  skimage: ['scikit-image'],
  cv2: ['opencv-python', 'opencv-python-headless', 'opencv-contrib-python', 'opencv-contrib-python-headless'],
  PIL: ['pillow', 'pillow-simd'],
  yaml: ['pyyaml', 'ruamel-yaml'],
  bs4: ['beautifulsoup4'],
  dateutil: ['python-dateutil'],
  dotenv: ['python-dotenv'],
  jwt: ['pyjwt'],
  jose: ['python-jose'],
  multipart: ['python-multipart'],
  magic: ['python-magic'],
  docx: ['python-docx'],
  pptx: ['python-pptx'],
  fitz: ['pymupdf'],
  Crypto: ['pycryptodome', 'pycrypto'],
  Cryptodome: ['pycryptodomex'],
  OpenSSL: ['pyopenssl'],
  nacl: ['pynacl'],
  serial: ['pyserial'],
  usb: ['pyusb'],
  zmq: ['pyzmq'],
  git: ['gitpython'],
  attr: ['attrs'],
  google: [
    'protobuf',
    'google-cloud-storage',
    'google-cloud-aiplatform',
    'google-cloud-bigquery',
    'google-api-python-client',
    'google-auth',
    'google-generativeai',
    'google-genai',
    'googleapis-common-protos',
  ],
  grpc: ['grpcio'],
  grpc_tools: ['grpcio-tools'],
  psycopg2: ['psycopg2', 'psycopg2-binary'],
  psycopg: ['psycopg', 'psycopg-binary'],
  MySQLdb: ['mysqlclient'],
  pymysql: ['pymysql'],
  faiss: ['faiss-cpu', 'faiss-gpu'],
  onnxruntime: ['onnxruntime', 'onnxruntime-gpu', 'onnxruntime-silicon', 'onnxruntime-directml'],
  tensorflow: ['tensorflow', 'tensorflow-cpu', 'tensorflow-gpu', 'tensorflow-macos', 'tf-nightly'],
  llama_cpp: ['llama-cpp-python'],
  ts: ['torchserve'],
  seldon_core: ['seldon-core'],
  websocket: ['websocket-client'],
  Levenshtein: ['python-levenshtein', 'levenshtein'],
  pkg_resources: ['setuptools'],
  setuptools: ['setuptools'],
  win32api: ['pywin32'],
  win32con: ['pywin32'],
  ruamel: ['ruamel-yaml'],
  sentencepiece: ['sentencepiece'],
  azure: ['azure-storage-blob', 'azure-identity', 'azure-ai-ml', 'azure-core', 'azure-functions', 'azure-cosmos'],
  mpl_toolkits: ['matplotlib'],
  pydantic_core: ['pydantic', 'pydantic-core'],
  typing_extensions: ['typing-extensions'],
  tritonclient: ['tritonclient'],
  pytorch_lightning: ['pytorch-lightning', 'lightning'],
  lightning: ['lightning'],
  umap: ['umap-learn'],
  hdbscan: ['hdbscan'],
  catboost: ['catboost'],
  Bio: ['biopython'],
  gi: ['pygobject'],
  jsonschema: ['jsonschema'],
  kafka: ['kafka-python', 'kafka-python-ng'],
  confluent_kafka: ['confluent-kafka'],
  redis: ['redis'],
  elasticsearch: ['elasticsearch'],
  pinecone: ['pinecone', 'pinecone-client'],
  weaviate: ['weaviate-client'],
  qdrant_client: ['qdrant-client'],
  chromadb: ['chromadb'],
  mlflow: ['mlflow', 'mlflow-skinny'],
  prometheus_client: ['prometheus-client'],
  opentelemetry: ['opentelemetry-api', 'opentelemetry-sdk'],
  dns: ['dnspython'],
  markdown: ['markdown'],
  slugify: ['python-slugify'],
  jinja2: ['jinja2'],
  werkzeug: ['werkzeug'],
  socketio: ['python-socketio'],
  engineio: ['python-engineio'],
  telegram: ['python-telegram-bot'],
  discord: ['discord-py'],
  speech_recognition: ['speechrecognition'],
  sounddevice: ['sounddevice'],
  soundfile: ['soundfile'],
  whisper: ['openai-whisper'],
  detectron2: ['detectron2'],
  ultralytics: ['ultralytics'],
  paddle: ['paddlepaddle', 'paddlepaddle-gpu'],
  mx: ['mxnet'],
  mxnet: ['mxnet', 'mxnet-cu112'],
};

/**
 * Modules a declared distribution brings along as a hard dependency of its own: `from starlette ...`
 * in a FastAPI service works wherever `fastapi` is installed, so it is not reported as missing.
 */
const BROUGHT_BY: Record<string, readonly string[]> = {
  starlette: ['fastapi'],
  pydantic: [
    'fastapi',
    'bentoml',
    'mlserver',
    'langchain',
    'langchain-core',
    'openai',
    'anthropic',
    'gradio',
    'vllm',
    'ray',
    'pydantic-settings',
  ],
  pydantic_core: ['pydantic', 'fastapi'],
  anyio: ['fastapi', 'starlette', 'httpx', 'openai', 'anthropic'],
  typing_extensions: ['pydantic', 'fastapi', 'torch', 'starlette'],
  werkzeug: ['flask'],
  jinja2: ['flask', 'torch'],
  itsdangerous: ['flask'],
  click: ['flask', 'uvicorn', 'typer', 'bentoml', 'mlflow'],
  h11: ['uvicorn', 'httpcore'],
  httpcore: ['httpx'],
  httpx: ['openai', 'anthropic', 'gradio'],
  urllib3: ['requests', 'botocore'],
  certifi: ['requests', 'httpx'],
  idna: ['requests', 'httpx', 'anyio'],
  charset_normalizer: ['requests'],
  requests: ['transformers', 'huggingface-hub', 'mlflow', 'datasets'],
  numpy: [
    'pandas',
    'scikit-learn',
    'scipy',
    'opencv-python',
    'opencv-python-headless',
    'transformers',
    'tensorflow',
    'xgboost',
    'lightgbm',
    'catboost',
    'onnxruntime',
    'matplotlib',
    'torchvision',
    'sentence-transformers',
    'datasets',
    'shap',
  ],
  scipy: ['scikit-learn', 'xgboost', 'lightgbm', 'catboost', 'statsmodels'],
  joblib: ['scikit-learn'],
  threadpoolctl: ['scikit-learn'],
  huggingface_hub: ['transformers', 'sentence-transformers', 'diffusers', 'datasets', 'tokenizers', 'accelerate', 'timm'],
  tokenizers: ['transformers'],
  safetensors: ['transformers', 'diffusers', 'accelerate', 'timm'],
  tqdm: ['transformers', 'huggingface-hub', 'datasets', 'sentence-transformers'],
  filelock: ['transformers', 'huggingface-hub', 'torch'],
  packaging: ['transformers', 'huggingface-hub', 'matplotlib', 'accelerate'],
  regex: ['transformers', 'tiktoken'],
  yaml: ['transformers', 'huggingface-hub', 'accelerate', 'mlflow', 'datasets', 'timm'],
  torch: ['torchvision', 'torchaudio', 'sentence-transformers', 'accelerate', 'timm', 'lightning', 'pytorch-lightning', 'vllm'],
  sympy: ['torch'],
  networkx: ['torch'],
  fsspec: ['torch', 'datasets', 'huggingface-hub'],
  dateutil: ['pandas', 'botocore', 'matplotlib'],
  pytz: ['pandas'],
  PIL: ['torchvision', 'matplotlib', 'scikit-image', 'gradio', 'sentence-transformers'],
  google: ['tensorflow', 'grpcio-tools', 'onnx'],
  botocore: ['boto3'],
  s3transfer: ['boto3'],
  jmespath: ['boto3', 'botocore'],
  sniffio: ['anyio', 'httpx', 'openai', 'anthropic'],
  distro: ['openai', 'anthropic'],
  jiter: ['openai', 'anthropic'],
  pyarrow: ['datasets'],
  multipart: ['bentoml'],
  prometheus_client: ['bentoml', 'mlserver'],
  uvicorn: ['bentoml', 'mlserver', 'gradio'],
  langchain_core: ['langchain', 'langchain-openai', 'langchain-anthropic', 'langchain-community'],
  setuptools: ['torch'],
  pkg_resources: ['setuptools', 'torch'],
  six: ['python-dateutil'],
};

/** Build tooling that every Python environment has; never reported. */
const ALWAYS_PRESENT = new Set(['pip', 'wheel', 'setuptools', 'pkg_resources', '_distutils_hack']);

/** The distributions whose installation makes `module` importable. */
export function distributionsFor(module: string): string[] {
  return (PROVIDED_BY[module] ?? [module]).map(normalizeDistribution);
}

/** Whether an import is satisfied by the declared (normalised) distributions. */
export function isDeclared(module: string, declared: ReadonlySet<string>): boolean {
  if (ALWAYS_PRESENT.has(module)) return true;
  if (distributionsFor(module).some((name) => declared.has(name))) return true;
  // Namespace packages: `google.cloud.storage` comes from `google-cloud-storage`; any `google-*` counts.
  if ((module === 'google' || module === 'azure') && [...declared].some((name) => name.startsWith(`${module}-`))) return true;
  return (BROUGHT_BY[module] ?? []).some((name) => declared.has(normalizeDistribution(name)));
}

/** The distribution to add for a missing import. */
export function preferredDistribution(module: string): string {
  return (PROVIDED_BY[module] ?? [module.replace(/_/g, '-')])[0];
}

export function isStdlib(module: string): boolean {
  return STDLIB_MODULES.has(module) || module.startsWith('_');
}
