/**
 * Facts one file contributes to the workspace pass (cross-file rules): what it reads, what it
 * declares, what it deploys. Per-file adapters fill them; `analyzeProject` joins them.
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
}

export interface FileFacts {
  /** Environment variables the file reads (code). */
  envReads?: EnvRead[];
  /** Environment variables the file provides (deployment artifacts). */
  envProvided?: string[];
  /** The artifact provides variables whose names cannot be known (Kubernetes `envFrom`). */
  envUnknowable?: boolean;
  /** Absolute third-party imports of a Python module, with whether the module has serving code. */
  pythonImports?: ImportFact[];
  servingModule?: boolean;
  /** Local module names a Python file makes importable (its own module name). */
  providesModule?: string;
}
