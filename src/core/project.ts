import * as fs from 'fs';
import * as path from 'path';
import type { RuleSeverities } from './config';
import type { FileAnalysis } from './analysis';
import type { AdapterFinding } from './languages';
import type { Active } from './rule';
import type { ProjectModel } from './scope';

export type { AutoscalerFact, EnvRead, FileFacts, ImportFact, WebAppFact, WorkloadFact } from './facts';

/*
 * The workspace pass: each cross-file rule is a pure function of a project's per-file facts
 * (`ProjectRule`); the engine runs them over every project of the analysed files and finalizes
 * what they report (suppression comments and severities apply as for per-file findings). The
 * editor re-runs it whenever any file's facts change.
 */

/** A finding of the workspace pass, for one file of the project. */
export interface ProjectFinding {
  file: string;
  /** The engine adds the rule's id. */
  finding: Omit<AdapterFinding, 'ruleId'>;
}

export type ProjectRule = (project: Project, options: ProjectOptions) => ProjectFinding[];

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

/** Builds a project's model from its files' facts (the deployment model, `src/deployment`). */
export type ProjectModelBuilder = (project: Project) => ProjectModel;

/** A model that scopes nothing: every file is production code (analyses without a deployment model). */
export const UNSCOPED_MODEL: ProjectModel = {
  deployed: false,
  productionScope: () => ({ kind: 'serving' }),
  isRunnable: () => true,
  isTest: () => false,
};

/** One project: its root and every analysed file under it. */
export interface Project {
  root: string;
  /** Every analysed file under the root (what cross-file rules look at). */
  files: FileAnalysis[];
  /** The files that belong to this project (whose nearest root it is): the ones that get its findings. */
  members: FileAnalysis[];
  /** What the project deploys and which of its files are production code (set by the project pass). */
  model: ProjectModel;
}

/** Runs the cross-file rules over every project of `files`; raw findings per file path, one per rule and range. */
export function crossFileFindings(
  projects: readonly Project[],
  options: ProjectOptions,
  rules: ReadonlyArray<Active<{ run: ProjectRule }>>,
): Map<string, AdapterFinding[]> {
  const raw = new Map<string, AdapterFinding[]>();
  for (const project of projects) {
    for (const rule of rules) {
      for (const { file, finding } of rule.run(project, options)) {
        let list = raw.get(file);
        if (!list) raw.set(file, (list = []));
        list.push({ ...finding, ruleId: rule.id });
      }
    }
  }
  for (const [file, findings] of raw) raw.set(file, dedupe(findings));
  return raw;
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
  for (const root of new Set(rootOf.values())) projects.set(root, { root, files: [], members: [], model: UNSCOPED_MODEL });
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
