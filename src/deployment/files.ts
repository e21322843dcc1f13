import * as path from 'path';
import type { FileAnalysis } from '../core/engine';
import type { Project } from '../core/project';
import type { DeploymentFileFacts } from './facts';

const posix = path.posix;

/**
 * The files of one project, indexed by their path relative to the project root (POSIX separators),
 * with the module-resolution helpers the model needs: Python modules against roots, TS/JS imports
 * with their extension rules, folders that hold files.
 */
export class ProjectFiles {
  readonly byRel = new Map<string, FileAnalysis>();
  readonly relOf = new Map<string, string>();
  private readonly folders = new Set<string>();

  constructor(readonly project: Project) {
    const root = path.resolve(project.root);
    for (const file of project.files) {
      const rel = path.relative(root, path.resolve(file.path)).split(path.sep).join('/');
      if (rel.startsWith('..')) continue;
      this.byRel.set(rel, file);
      this.relOf.set(file.path, rel);
      for (let folder = posix.dirname(rel); folder !== '.' && !this.folders.has(folder); folder = posix.dirname(folder))
        this.folders.add(folder);
    }
    this.folders.add('');
  }

  has(rel: string): boolean {
    return this.byRel.has(rel);
  }

  isFolder(rel: string): boolean {
    return this.folders.has(rel === '.' ? '' : rel);
  }

  facts(rel: string): DeploymentFileFacts | undefined {
    return this.byRel.get(rel)?.facts?.deployment;
  }

  /** The project-relative form of a file's path (as FileAnalysis names it), if the file is in the project. */
  rel(file: string): string | undefined {
    const known = this.relOf.get(file);
    if (known !== undefined) return known;
    const rel = path.relative(path.resolve(this.project.root), path.resolve(file)).split(path.sep).join('/');
    return this.byRel.has(rel) ? rel : undefined;
  }

  /** `a.b.c` under a root folder: `a/b/c.py` or `a/b/c/__init__.py`. */
  pythonModule(dotted: string, root: string): string | undefined {
    if (!/^[\w.]+$/.test(dotted)) return undefined;
    const base = join(root, dotted.split('.').join('/'));
    if (this.has(`${base}.py`)) return `${base}.py`;
    if (this.has(`${base}/__init__.py`)) return `${base}/__init__.py`;
    return undefined;
  }

  /** The folder above the outermost package holding a module (`src/` for `src/pkg/mod.py` with `src/pkg/__init__.py`). */
  packageRoot(rel: string): string {
    let folder = posix.dirname(rel) === '.' ? '' : posix.dirname(rel);
    while (folder && this.has(`${folder}/__init__.py`)) folder = posix.dirname(folder) === '.' ? '' : posix.dirname(folder);
    return folder;
  }

  /** A TS/JS import from a file: the extension and `index` rules of Node and bundlers. */
  scriptFile(base: string): string | undefined {
    const candidates = [base];
    const stripped = base.replace(/\.(js|jsx|mjs|cjs)$/, '');
    for (const extension of ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']) candidates.push(`${stripped}${extension}`);
    for (const extension of ['.ts', '.tsx', '.js', '.jsx', '.mjs']) candidates.push(`${base}/index${extension}`);
    return candidates.find((candidate) => this.has(candidate) && /\.[cm]?[jt]sx?$/.test(candidate));
  }

  /** Every file under a folder (`''` for the whole project). */
  *under(folder: string): Iterable<string> {
    const prefix = folder ? `${folder}/` : '';
    for (const rel of this.byRel.keys()) if (rel.startsWith(prefix)) yield rel;
  }
}

/** Joins POSIX project-relative paths, normalising `.` and `..`; `undefined` when the result leaves the project. */
export function join(...parts: string[]): string {
  const joined = posix.normalize(parts.filter((part) => part !== '').join('/') || '.');
  return joined === '.' ? '' : joined.replace(/\/$/, '');
}

export function within(rel: string): boolean {
  return rel !== '..' && !rel.startsWith('../') && !posix.isAbsolute(rel);
}

/** The folder of a project-relative path (`''` at the root). */
export function folderOf(rel: string): string {
  const folder = posix.dirname(rel);
  return folder === '.' ? '' : folder;
}

/** A path without its trailing slashes (a loop: no `$`-anchored regex on untrusted text). */
export function trimSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '/') end--;
  return text.slice(0, end);
}
