import * as fs from 'fs';
import * as path from 'path';
import type { RuleSeverities } from './config';
import { finalize, type FileAnalysis } from './engine';
import type { AdapterFinding } from './languages';
import type { Finding } from './types';
import type { DeploymentFileFacts } from '../deployment/facts';
import { crossFileFindings } from '../rules/project';

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
}

/*
 * The workspace pass.
 *
 *   analyzeProject(files: readonly FileAnalysis[], options: ProjectOptions): Map<string, Finding[]>
 *
 * `files` are the per-file results of `analyzeText` for every file under the checked folders (paths as
 * the caller passed them, absolute preferred). The result maps a file's path to its cross-file findings
 * (`undeclared-env-var`, `missing-dependency`, `single-replica`, `notebook-in-production` through
 * imports), already through `finalize`: suppression comments and severities apply as for per-file
 * findings. It is a pure function of its inputs, so the editor re-runs it whenever any file's facts change.
 */

export interface ProjectOptions {
  /** The folders being checked (the CLI's PATH arguments, the VS Code workspace folders). */
  roots: readonly string[];
  /** The current text of a file (suppression comments; the requirements file a fix appends to). */
  readText(file: string): string | undefined;
  /** The user's severities for a file (its `.prodready.yaml`, settings, --select/--ignore); defaults when absent. */
  severities?(file: string): RuleSeverities;
  /** Whether a folder holds `.git` or `.prodready.yaml` (project markers that are not analysed files); default: the disk. */
  hasMarker?(folder: string): boolean;
}

/** One project: its root and every analysed file under it. */
export interface Project {
  root: string;
  /** Every analysed file under the root (what cross-file rules look at). */
  files: FileAnalysis[];
  /** The files that belong to this project (whose nearest root it is): the ones that get its findings. */
  members: FileAnalysis[];
}

export function analyzeProject(files: readonly FileAnalysis[], options: ProjectOptions): Map<string, Finding[]> {
  const raw = new Map<string, AdapterFinding[]>();
  for (const project of projectsOf(files, options)) {
    for (const { file, finding } of crossFileFindings(project, options)) {
      let list = raw.get(file);
      if (!list) raw.set(file, (list = []));
      list.push(finding);
    }
  }
  const result = new Map<string, Finding[]>();
  const byPath = new Map(files.map((file) => [file.path, file]));
  for (const [file, findings] of raw) {
    const text = options.readText(file) ?? '';
    const severities = options.severities?.(file) ?? (() => undefined);
    const finalized = finalize(dedupe(findings), text, byPath.get(file)?.cells, severities);
    if (finalized.length) result.set(file, finalized);
  }
  return result;
}

function dedupe(findings: AdapterFinding[]): AdapterFinding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.ruleId}:${finding.cell ?? ''}:${finding.start}:${finding.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const MARKER_KINDS = new Set(['pyproject', 'requirements', 'pipfile', 'package-json', 'dockerfile']);

/**
 * Projects as rules.md defines them: a file belongs to the nearest folder at or above it (not above the
 * checked folder) holding a project marker; the project sees every analysed file under its root.
 */
export function projectsOf(files: readonly FileAnalysis[], options: ProjectOptions): Project[] {
  const roots = options.roots.map((root) => path.resolve(root));
  const absolute = new Map(files.map((file) => [file, path.resolve(file.path)]));
  const markerFolders = new Set<string>();
  for (const file of files) if (file.kind && MARKER_KINDS.has(file.kind)) markerFolders.add(path.dirname(absolute.get(file)!));
  const hasMarker =
    options.hasMarker ??
    ((folder: string) => fs.existsSync(path.join(folder, '.git')) || fs.existsSync(path.join(folder, '.prodready.yaml')));
  const rootCache = new Map<string, string>();
  const rootOf = new Map<FileAnalysis, string>();
  for (const file of files) {
    const folder = path.dirname(absolute.get(file)!);
    let root = rootCache.get(folder);
    if (root === undefined) {
      const checked = roots.filter((candidate) => isWithin(folder, candidate)).sort((a, b) => b.length - a.length)[0] ?? folder;
      root = checked;
      for (let current = folder; isWithin(current, checked); current = path.dirname(current)) {
        if (markerFolders.has(current) || hasMarker(current)) {
          root = current;
          break;
        }
        if (current === checked || path.dirname(current) === current) break;
      }
      rootCache.set(folder, root);
    }
    rootOf.set(file, root);
  }
  mergeDeploymentRoots(files, rootOf, absolute);
  // Each file is seen by every project whose root is one of its folders: walk its ancestors once.
  const projects = new Map<string, Project>();
  for (const root of new Set(rootOf.values())) projects.set(root, { root, files: [], members: [] });
  for (const file of files) {
    projects.get(rootOf.get(file)!)!.members.push(file);
    for (let folder = path.dirname(absolute.get(file)!); ; folder = path.dirname(folder)) {
      projects.get(folder)?.files.push(file);
      if (path.dirname(folder) === folder) break;
    }
  }
  return [...projects.values()];
}

/**
 * The deployment root (R2.3, R2.5): a folder that a Dockerfile or compose file of an enclosing
 * project builds or copies belongs to that enclosing project, whatever markers it holds, so a
 * `requirements.txt` inside an app folder does not split the app from the image that ships it.
 */
function mergeDeploymentRoots(
  files: readonly FileAnalysis[],
  rootOf: Map<FileAnalysis, string>,
  absolute: Map<FileAnalysis, string>,
): void {
  const shipped: Array<{ owner: string; folder: string }> = [];
  for (const file of files) {
    const deployment = file.facts?.deployment;
    if (!deployment?.dockerfile && !deployment?.compose) continue;
    const folder = path.dirname(absolute.get(file)!);
    const owner = rootOf.get(file)!;
    for (const stage of deployment.dockerfile?.stages ?? []) {
      for (const copy of stage.copies) {
        if (copy.fromStage !== undefined || copy.fromImage !== undefined) continue;
        for (const source of copy.sources) if (!/[*?[$]/.test(source)) shipped.push({ owner, folder: path.resolve(folder, source) });
      }
    }
    for (const service of deployment.compose ?? []) {
      if (service.build && !service.build.context.includes('$'))
        shipped.push({ owner, folder: path.resolve(folder, service.build.context) });
    }
  }
  if (!shipped.length) return;
  const merged = new Map<string, string>();
  const outer = (root: string): string => {
    for (let depth = 0, current = root; depth < 8; depth++) {
      const found = shipped.find((entry) => entry.owner !== current && isWithin(current, entry.owner) && isWithin(current, entry.folder));
      if (!found) return current;
      current = found.owner;
      if (depth === 7) return current;
    }
    return root;
  };
  for (const [file, root] of rootOf) {
    let target = merged.get(root);
    if (target === undefined) merged.set(root, (target = outer(root)));
    if (target !== root) rootOf.set(file, target);
  }
}

/** Whether an absolute path is the folder or inside it (both resolved). */
function isWithin(file: string, folder: string): boolean {
  if (file === folder) return true;
  const prefix = folder.endsWith(path.sep) ? folder : folder + path.sep;
  return file.startsWith(prefix);
}
