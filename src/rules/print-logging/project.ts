import * as path from 'path';
import type { FileAnalysis } from '../../core/engine';
import type { Project } from '../../core/project';
import type { ProjectFinding } from '../../core/project';
import { isTestPath } from '../../knowledge/testFiles';

/**
 * print-logging, second half (rules.md: "in a module that contains serving code or is imported by
 * one"): the prints a module without serving code recorded as `ifImportedByServing` are reported
 * when a serving module of the project imports it. Imports resolve as Python does for a project run
 * from one of its folders: `import a.b` / `from a import b` is `a/b.py`, `a/b/__init__.py` or
 * `a.py` under a folder at or above the importer (up to the project root); `from . import b` and
 * `from ..a import b` are relative to the importer's package. Only direct imports count.
 */
export function printsImportedByServing(project: Project): ProjectFinding[] {
  const candidates = project.files.filter((file) => (file.facts?.ifImportedByServing?.length ?? 0) > 0);
  if (!candidates.length) return [];
  const byPath = new Map(candidates.map((file) => [path.resolve(file.path), file]));
  const root = path.resolve(project.root);
  const imported = new Set<FileAnalysis>();
  for (const importer of project.files) {
    if (!importer.facts?.servingModule || importer.kind !== 'python' || isTestPath(importer.path)) continue;
    const folder = path.dirname(path.resolve(importer.path));
    for (const entry of importer.facts.moduleImports ?? []) {
      for (const target of importTargets(entry, folder, root)) {
        const file = moduleFile(target, byPath);
        if (file && file !== importer) imported.add(file);
      }
    }
  }
  const out: ProjectFinding[] = [];
  for (const file of imported) {
    if (!project.members.includes(file)) continue;
    for (const finding of file.facts!.ifImportedByServing!) out.push({ file: file.path, finding });
  }
  return out;
}

/** The paths (without extension) an import may name, most specific first. */
function importTargets(entry: { module: string; level: number; names: string[] }, folder: string, root: string): string[] {
  const dotted = (module: string) => (module ? module.split('.') : []);
  const inBase = (base: string) => {
    const module = path.join(base, ...dotted(entry.module));
    // `from pkg import sub` may import the submodule pkg/sub.py as well as a name from pkg.
    return [...entry.names.map((name) => path.join(module, ...dotted(name))), module].filter((target) => target !== base);
  };
  if (entry.level > 0) {
    let base = folder;
    for (let i = 1; i < entry.level; i++) base = path.dirname(base);
    return inBase(base);
  }
  const targets: string[] = [];
  for (let base = folder; ; base = path.dirname(base)) {
    targets.push(...inBase(base));
    if (base === root || !base.startsWith(root) || path.dirname(base) === base) break;
  }
  return targets;
}

function moduleFile(target: string, byPath: Map<string, FileAnalysis>): FileAnalysis | undefined {
  return byPath.get(`${target}.py`) ?? byPath.get(path.join(target, '__init__.py'));
}
