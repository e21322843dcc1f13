import * as path from 'path';
import type { FileAnalysis } from '../../core/engine';
import { detectEol } from '../../core/text';
import { normalizeDistribution } from '../../parsers/dependencies';
import { lockedVersion } from '../../parsers/lockfile/versions';
import type { ProjectFinding, ProjectRule } from '../../core/project';
import { isTestPath } from '../../knowledge/testFiles';
import { isDeclared, isStdlib, preferredDistribution } from './distributions';

/**
 * missing-dependency (cross-file): serving code (a module with serving code, or a local module such
 * code imports) imports a third-party module that no Python manifest of the project declares. Never
 * for the standard library, the project's own modules and packages, optional imports, or projects
 * without a Python manifest; not at all where dependencies cannot be listed (a `setup.py`, a `-r`
 * include that is missing). The fix appends the distribution, pinned to the lockfile's version when
 * one is known, to the project's requirements file.
 */
export const missingDependency: ProjectRule = (project, options) => {
  const python = project.files.filter((file) => file.kind === 'python' || file.kind === 'notebook');
  const manifests = project.files.filter((file) => file.facts?.pythonManifest);
  if (!manifests.length) return [];
  if (project.files.some((file) => file.facts?.pythonDistributionsUnknowable || /(^|[\\/])setup\.py$/.test(file.path))) return [];
  const declared = new Set<string>();
  for (const file of project.files) for (const name of file.facts?.pythonDistributions ?? []) declared.add(name);
  const local = localModules(project.root, python);
  for (const manifest of manifests)
    if (manifest.facts?.pythonProjectName) local.add(normalizeDistribution(manifest.facts.pythonProjectName).replace(/-/g, '_'));

  const target = requirementsTarget(project.root, project.files);
  const findings: ProjectFinding[] = [];
  const members = new Set(project.members);
  for (const file of servingModules(python)) {
    if (!members.has(file) || isTestPath(file.path)) continue;
    for (const entry of file.facts?.pythonImports ?? []) {
      const module = entry.module;
      if (entry.optional || isStdlib(module) || local.has(module) || isDeclared(module, declared)) continue;
      const source = entry.cell !== undefined ? file.cells?.[entry.cell] : options.readText(file.path);
      if (source !== undefined && isGuardedImport(source, entry.start)) continue;
      const distribution = preferredDistribution(module);
      const fix = module === 'google' || module === 'azure' ? undefined : addDependencyFix(target, distribution, options.readText);
      findings.push({
        file: file.path,
        finding: {
          start: entry.start,
          end: entry.end,
          cell: entry.cell,
          message: `'${module}' is imported by serving code but no manifest of the project declares ${distribution}: the container will fail with ImportError`,
          fix,
        },
      });
    }
  }
  return findings;
};

/** Every name a project file makes importable: module files and the folders above them (packages). */
function localModules(root: string, python: FileAnalysis[]): Set<string> {
  const names = new Set<string>();
  for (const file of python) {
    const relative = path.relative(root, file.path).split(path.sep);
    for (const part of relative) names.add(part.replace(/\.(py|pyw|ipynb)$/, ''));
    if (file.facts?.providesModule) names.add(file.facts.providesModule);
  }
  return names;
}

/** Modules with serving code, and the local modules they import (transitively, by module name). */
function servingModules(python: FileAnalysis[]): FileAnalysis[] {
  const byName = new Map<string, FileAnalysis[]>();
  for (const file of python) {
    const name = file.facts?.providesModule;
    if (!name) continue;
    const list = byName.get(name) ?? [];
    list.push(file);
    byName.set(name, list);
  }
  const serving = new Set(python.filter((file) => file.facts?.servingModule));
  const queue = [...serving];
  while (queue.length) {
    const file = queue.pop()!;
    for (const entry of file.facts?.pythonImports ?? []) {
      for (const imported of byName.get(entry.module) ?? []) {
        if (serving.has(imported) || isTestPath(imported.path)) continue;
        serving.add(imported);
        queue.push(imported);
      }
    }
  }
  return [...serving];
}

/** The edit that declares `distribution` in the target manifest, pinned to the lockfile's version when known. */
function addDependencyFix(target: FileAnalysis | undefined, distribution: string, readText: (file: string) => string | undefined) {
  const text = target ? readText(target.path) : undefined;
  if (!target || text === undefined) return undefined;
  const version = lockedVersion(target.path, 'python', distribution);
  const eol = detectEol(text);
  let edit;
  let shown: string;
  if (target.kind === 'requirements') {
    shown = version ? `${distribution}==${version}` : distribution;
    const prefix = text.length && !/[\r\n]$/.test(text) ? eol : '';
    edit = { path: target.path, start: text.length, end: text.length, text: `${prefix}${shown}${eol}` };
  } else {
    const insert = target.facts?.dependencyInsert;
    if (!insert) return undefined;
    shown =
      insert.style === 'pep508' ? `"${version ? `${distribution}==${version}` : distribution}"` : `${distribution} = "${version ?? '*'}"`;
    edit = { path: target.path, start: insert.offset, end: insert.offset, text: `${insert.before}${shown}${insert.after}` };
  }
  return { description: `Add ${shown} to ${path.basename(target.path)}`, edits: [edit], safe: true };
}

/**
 * The manifest a fix adds to: the `requirements.txt` nearest the root (else another runtime
 * requirements file), else a pyproject.toml that lists dependencies.
 */
function requirementsTarget(root: string, files: FileAnalysis[]): FileAnalysis | undefined {
  const pyproject = files
    .filter((file) => file.kind === 'pyproject' && !file.skipped && file.facts?.dependencyInsert)
    .sort((a, b) => depth(root, a.path) - depth(root, b.path));
  const candidates = files
    .filter(
      (file) =>
        file.kind === 'requirements' &&
        !file.skipped &&
        !/\.in$/i.test(file.path) &&
        !/(dev|test|lint|doc)/i.test(path.basename(file.path)),
    )
    .sort(
      (a, b) =>
        depth(root, a.path) - depth(root, b.path) ||
        Number(path.basename(b.path) === 'requirements.txt') - Number(path.basename(a.path) === 'requirements.txt'),
    );
  return candidates[0] ?? pyproject[0];
}

function depth(root: string, file: string): number {
  return path.relative(root, file).split(path.sep).length;
}

/**
 * Whether the import at `offset` is optional by construction: inside `if TYPE_CHECKING:`, or in a
 * `try:` whose handler catches ImportError (the code runs without the module). A text check on the
 * enclosing block header, used only for the few imports that would otherwise be reported.
 */
export function isGuardedImport(source: string, offset: number): boolean {
  const lines = source.split(/\r\n|\r|\n/);
  let index = source.slice(0, offset).split(/\r\n|\r|\n/).length - 1;
  const indentOf = (line: string) => line.length - line.trimStart().length;
  const importIndent = indentOf(lines[index] ?? '');
  if (importIndent === 0) return false;
  let header: string | undefined;
  let headerIndex = -1;
  for (let i = index - 1; i >= 0; i--) {
    const line = lines[i];
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    if (indentOf(line) < importIndent) {
      header = line;
      headerIndex = i;
      break;
    }
  }
  if (!header) return false;
  if (/^\s*(el)?if\s+(typing\.)?TYPE_CHECKING\s*:/.test(header)) return true;
  if (!/^\s*try\s*:/.test(header)) return false;
  const headerIndent = indentOf(header);
  for (index = headerIndex + 1; index < lines.length; index++) {
    const line = lines[index];
    if (!line.trim() || indentOf(line) > headerIndent) continue;
    if (/^\s*except\s*:/.test(line)) return true;
    if (/^\s*except\b/.test(line)) {
      if (/\b(ImportError|ModuleNotFoundError|Exception|BaseException)\b/.test(line)) return true;
      continue;
    }
    return false;
  }
  return false;
}
