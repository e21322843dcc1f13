import type { DeploymentFileFacts } from './deploymentFacts';
import type { AdapterFinding } from './types';

/**
 * Facts one file contributes to the workspace pass (cross-file rules): what it reads, what it
 * declares, what it deploys. Per-file adapters fill them; `analyzeProject` below joins them.
 */

export interface EnvRead {
  name: string;
  start: number;
  end: number;
  hasDefault: boolean;
  cell?: number;
  /**
   * What the read gives where the variable is missing: `raises` (`os.environ["X"]`: KeyError),
   * `none` (`os.getenv("X")`: None), `undefined` (`process.env.X`). Messages say what actually happens.
   */
  missing?: 'raises' | 'none' | 'undefined';
  /** The function the read runs in (undefined: module level, at import); Python only. */
  inFunction?: string;
}

export interface ImportFact {
  /** Top-level module name as imported (`sklearn` for `from sklearn.linear_model import X`). */
  module: string;
  start: number;
  end: number;
  cell?: number;
  /** Inside `try: ... except ImportError` or `if TYPE_CHECKING:`: the code runs without it. */
  optional?: boolean;
}

export interface WorkloadFact {
  kind: string;
  name?: string;
  namespace?: string;
  /** `replicas:` / `minReplicas:` value and where its key sits. */
  replicas: number;
  start: number;
  end: number;
  /** The workload scales itself (KServe `maxReplicas` above `minReplicas`, a Seldon `hpaSpec`). */
  autoscales: boolean;
  /** The part of the workload the count is for (`predictor 'default'` of a SeldonDeployment). */
  part?: string;
}

export interface AutoscalerFact {
  kind?: string;
  name: string;
  namespace?: string;
}

/** A web app a module creates (missing-health-route, missing-metrics): its framework and constructor. */
export interface WebAppFact {
  framework: string;
  start: number;
  end: number;
}

export interface FileFacts {
  /** Environment variables the file reads (code). */
  envReads?: EnvRead[];
  /** Environment variables the file provides (deployment artifacts). */
  envProvided?: string[];
  /** The artifact provides variables whose names cannot be known (Kubernetes `envFrom`). */
  envUnknowable?: boolean;
  /** compose `env_file:` references, relative to the file's folder. */
  envFiles?: string[];
  /** The file is a deployment artifact that declares environment (Dockerfile, compose, Kubernetes, .env). */
  deploymentArtifact?: boolean;
  /** Absolute third-party imports of a Python module, with whether the module has serving code. */
  pythonImports?: ImportFact[];
  servingModule?: boolean;
  /** Every import of a Python module (`from ..pkg import a, b` is module `pkg`, level 2, names a and b), to resolve local modules. */
  moduleImports?: Array<{ module: string; level: number; names: string[] }>;
  /** Findings that hold if a serving module of the project imports this file (print-logging). */
  ifImportedByServing?: AdapterFinding[];
  /** Local module names a Python file makes importable (its own module name). */
  providesModule?: string;
  /** The file is a Python dependency manifest (requirements, pyproject, Pipfile, bentofile, conda env). */
  pythonManifest?: boolean;
  /** Python distributions the file declares or installs (PEP 503-normalised names). */
  pythonDistributions?: string[];
  /** The file installs dependencies prodready cannot list (`pip install -r` of a missing file, `-e .` of setup.py). */
  pythonDistributionsUnknowable?: boolean;
  /** `[project] name` / Poetry `name`: the project's own importable package. */
  pythonProjectName?: string;
  /** Where a new requirement can be appended (requirements files), as an offset. */
  appendOffset?: number;
  /**
   * Where a new requirement goes in a pyproject.toml: at `offset`, write `before`, then the requirement
   * (a quoted PEP 508 string for `pep508`, a `name = "version"` line for `poetry`), then `after`.
   */
  dependencyInsert?: { offset: number; before: string; after: string; style: 'pep508' | 'poetry' };
  /** Workloads with a replica count (single-replica). */
  workloads?: WorkloadFact[];
  /** What HorizontalPodAutoscalers (and KEDA ScaledObjects) scale. */
  autoscalerTargets?: AutoscalerFact[];
  /** What the file says about what ships (deployment.md): read by `buildDeploymentModel`. */
  deployment?: DeploymentFileFacts;
  /** Web apps the module creates (FastAPI, Starlette, Flask, aiohttp, Express, Fastify, Koa, Hono). */
  webApps?: WebAppFact[];
  /** The module imports a metrics library (missing-metrics widens this to the entrypoint's import closure). */
  metricsLibraryImported?: boolean;
}
