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
  /** The workload scales itself (KServe `maxReplicas` above `minReplicas`). */
  autoscales: boolean;
}

export interface AutoscalerFact {
  kind?: string;
  name: string;
  namespace?: string;
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
  /** Workloads with a replica count (single-replica). */
  workloads?: WorkloadFact[];
  /** What HorizontalPodAutoscalers (and KEDA ScaledObjects) scale. */
  autoscalerTargets?: AutoscalerFact[];
}
