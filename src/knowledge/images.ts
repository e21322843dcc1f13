/**
 * What prodready knows about container images by their reference alone: which OS family a base
 * image is (for the user a fix creates), which images run as a non-root user already, Lambda base
 * images, and the known model servers of deployment.md §4 with their documented health routes and
 * ports. Everything here is a pure function of an image reference or a command's words.
 */

/** `registry/org/name:tag@digest` → lower-cased name (without registry port quirks) and tag. */
export function imageParts(reference: string): { name: string; tag: string } {
  const withoutDigest = reference.trim().split('@')[0].toLowerCase();
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', slash + 1);
  return colon < 0 ? { name: withoutDigest, tag: '' } : { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1) };
}

/** The name without a registry host (`docker.io/library/python` → `python`, `nvcr.io/nvidia/pytorch` stays). */
function shortName(name: string): string {
  return name.replace(/^(docker\.io\/|index\.docker\.io\/|registry-1\.docker\.io\/)/, '').replace(/^library\//, '');
}

/** AWS Lambda base images: Lambda runs the function as its own unprivileged user and ignores USER and HEALTHCHECK. */
export function isLambdaImage(reference: string): boolean {
  const { name } = imageParts(reference);
  return /^public\.ecr\.aws\/lambda\//.test(name) || /^(docker\.io\/)?amazon\/aws-lambda-/.test(name);
}

/** Image families whose default user is not root. */
const NON_ROOT_IMAGES = [
  /:nonroot\b/i,
  /-nonroot\b/i,
  /^cgr\.dev\/chainguard\//i,
  /(^|\/)bitnami\/(?!minideb)/i,
  /(^|\/)nginx-unprivileged\b/i,
  /(^|\/)jupyter\//i,
  /(^|\/)ubi\d*\/(python|nodejs|s2i)-/i,
  // KubeRay's images run as `ray` (uid 1000); TorchServe's as `model-server`.
  /^(docker\.io\/)?rayproject\/ray(-ml)?(:|$)/i,
  /^(docker\.io\/)?pytorch\/torchserve(:|$)/i,
];

export function runsAsNonRoot(reference: string): boolean {
  return NON_ROOT_IMAGES.some((pattern) => pattern.test(reference.trim()));
}

export type BaseFamily = 'debian' | 'alpine' | 'distroless';

/** Images built on Debian or Ubuntu, by name (their tags may still say alpine). */
const DEBIAN_FAMILY = [
  /^(debian|ubuntu|python|node|buildpack-deps|golang|ruby|rust|openjdk|eclipse-temurin)$/,
  /^pytorch\/pytorch$/,
  /^nvidia\/cuda$/,
  /^nvcr\.io\/nvidia\/(cuda|pytorch|tensorflow|tritonserver)$/,
  /^tensorflow\/tensorflow$/,
  /^huggingface\/transformers-[a-z-]+$/,
  /^continuumio\/(miniconda3|anaconda3)$/,
  /^(ghcr\.io\/astral-sh\/uv)$/,
  /^(mcr\.microsoft\.com\/devcontainers\/(python|base))$/,
];

/**
 * The OS family of a base image, when its reference says so: tags naming a Debian/Ubuntu release
 * or Alpine win; otherwise the image name decides. Undefined: not known (no user-creating fix).
 */
export function baseFamily(reference: string): BaseFamily | undefined {
  const { name, tag } = imageParts(reference);
  const short = shortName(name);
  if (/^gcr\.io\/distroless\//.test(name)) return 'distroless';
  if (short === 'alpine' || /(^|[-.])alpine/.test(tag)) return 'alpine';
  if (DEBIAN_FAMILY.some((pattern) => pattern.test(short))) {
    // `ghcr.io/astral-sh/uv` alone is a distroless-like binary image; only its OS-tagged variants are Debian.
    if (short === 'ghcr.io/astral-sh/uv' && !/(bookworm|bullseye|trixie|jammy|noble|focal)/.test(tag)) return undefined;
    return 'debian';
  }
  if (/(^|[-.])(bookworm|bullseye|buster|trixie|jammy|focal|noble|ubuntu)/.test(tag)) return 'debian';
  return undefined;
}

/** A known model server (deployment.md §4): its documented health routes and default port. */
export interface ModelServer {
  id: 'vllm' | 'tgi' | 'triton' | 'ollama' | 'torchserve' | 'mlserver' | 'kserve';
  label: string;
  readiness: string;
  liveness: string;
  port: number;
  /** The command-line flag that changes the port, when there is one. */
  portFlag?: string;
  /** Whether the image has a Python interpreter for a `python3 -c` probe. */
  python: boolean;
  /** A health command the image ships, for images without an interpreter probe (Ollama). */
  healthCommand?: string[];
}

const MODEL_SERVERS: ReadonlyArray<ModelServer & { images: RegExp; command: (words: readonly string[]) => boolean }> = [
  {
    id: 'vllm',
    label: 'vLLM',
    readiness: '/health',
    liveness: '/health',
    port: 8000,
    portFlag: '--port',
    python: true,
    images: /^(docker\.io\/)?vllm\/vllm-[a-z-]+$/,
    command: (words) => hasPair(words, 'vllm', 'serve') || words.some((word) => word.startsWith('vllm.entrypoints')),
  },
  {
    id: 'tgi',
    label: 'Text Generation Inference',
    readiness: '/health',
    liveness: '/health',
    port: 80,
    portFlag: '--port',
    python: true,
    images: /^ghcr\.io\/huggingface\/text-generation-inference$/,
    command: (words) => words.includes('text-generation-launcher'),
  },
  {
    id: 'triton',
    label: 'Triton Inference Server',
    readiness: '/v2/health/ready',
    liveness: '/v2/health/live',
    port: 8000,
    portFlag: '--http-port',
    python: true,
    images: /^nvcr\.io\/nvidia\/tritonserver$/,
    command: (words) => words.includes('tritonserver'),
  },
  {
    id: 'ollama',
    label: 'Ollama',
    readiness: '/',
    liveness: '/',
    port: 11434,
    python: false,
    healthCommand: ['ollama', 'list'],
    images: /^(docker\.io\/)?ollama\/ollama$/,
    command: (words) => hasPair(words, 'ollama', 'serve'),
  },
  {
    id: 'torchserve',
    label: 'TorchServe',
    readiness: '/ping',
    liveness: '/ping',
    port: 8080,
    python: true,
    images: /^(docker\.io\/)?pytorch\/torchserve$/,
    command: (words) => words.includes('torchserve'),
  },
  {
    id: 'mlserver',
    label: 'MLServer',
    readiness: '/v2/health/ready',
    liveness: '/v2/health/live',
    port: 8080,
    python: true,
    images: /^(docker\.io\/)?seldonio\/mlserver$/,
    command: (words) => hasPair(words, 'mlserver', 'start'),
  },
  {
    id: 'kserve',
    label: 'a KServe model server',
    readiness: '/v2/health/ready',
    liveness: '/v2/health/live',
    port: 8080,
    portFlag: '--http_port',
    python: true,
    images: /^(docker\.io\/)?kserve\/[a-z]+server$/,
    command: () => false,
  },
];

function hasPair(words: readonly string[], first: string, second: string): boolean {
  const index = words.indexOf(first);
  return index >= 0 && words[index + 1] === second;
}

/** The known model server an image or a command runs, with the port a `--port`-style flag sets. */
export function modelServerOf(image: string | undefined, words: readonly string[] = []): ModelServer | undefined {
  const name = image ? imageParts(image).name : '';
  const found = MODEL_SERVERS.find((server) => (name && server.images.test(name)) || server.command(words));
  if (!found) return undefined;
  const { images: _images, command: _command, ...server } = found;
  const port = server.portFlag ? flagValue(words, server.portFlag) : undefined;
  return port !== undefined ? { ...server, port } : server;
}

/** Model servers whose memory depends on the model loaded: a guessed memory limit kills them (R2.2). */
export function isMemoryHungryModelServer(server: ModelServer | undefined): boolean {
  return server !== undefined && ['vllm', 'tgi', 'triton', 'ollama'].includes(server.id);
}

function flagValue(words: readonly string[], flag: string): number | undefined {
  for (let i = 0; i < words.length; i++) {
    const value = words[i] === flag ? words[i + 1] : words[i].startsWith(`${flag}=`) ? words[i].slice(flag.length + 1) : undefined;
    if (value !== undefined && /^\d{2,5}$/.test(value)) return Number(value);
  }
  return undefined;
}
