/**
 * The real-code corpus the sweep and the benchmark read: the Python installation found on this
 * machine (asked of `python3` at run time, never a hard-coded path) and the project's node_modules.
 * Shared by `scripts/sweep.mjs`, `scripts/bench.mjs` (through an esbuild bundle) and the sweep-sample test.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { FileKind } from '../../../src/core/fileKinds';
import { fileKindOf } from '../../../src/core/fileKinds';

export interface PythonInstallation {
  executable: string;
  version: string;
  /** Top-level folders holding its .py files (stdlib, site-packages…), none inside another. */
  roots: string[];
}

const DISCOVER = `
import json, site, sys, sysconfig
paths = sysconfig.get_paths()
roots = [paths.get(k) for k in ("stdlib", "platstdlib", "purelib", "platlib")]
try:
    roots += site.getsitepackages()
except Exception:
    pass
try:
    roots.append(site.getusersitepackages())
except Exception:
    pass
print(json.dumps({"executable": sys.executable, "version": sys.version.split()[0], "roots": [r for r in roots if r]}))
`;

/** Asks the machine's `python3` where its standard library and site-packages live; undefined without Python. */
export function findPythonInstallation(): PythonInstallation | undefined {
  for (const command of ['python3', 'python']) {
    try {
      const output = execFileSync(command, ['-c', DISCOVER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20_000 });
      const found = JSON.parse(output) as PythonInstallation;
      const existing = [...new Set(found.roots.map((root) => path.resolve(root)))].filter((root) => isDirectory(root));
      // stdlib usually contains site-packages: keep only the outermost folders so no file is read twice.
      existing.sort();
      const roots = existing.filter((root, i) => !existing.slice(0, i).some((outer) => root.startsWith(outer + path.sep)));
      return { executable: found.executable, version: found.version, roots };
    } catch {
      continue;
    }
  }
  return undefined;
}

function isDirectory(folder: string): boolean {
  try {
    return fs.statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Every regular file under `root` that `accept` takes, sorted, without following symbolic links
 * (a corpus with a link loop still ends) and skipping folders it cannot read.
 */
export function walkFiles(root: string, accept: (name: string, file: string) => boolean): string[] {
  const out: string[] = [];
  const pending = [root];
  while (pending.length) {
    const folder = pending.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile() && accept(entry.name, full)) out.push(full);
    }
  }
  return out.sort();
}

export function pythonFiles(installation: PythonInstallation): string[] {
  return installation.roots.flatMap((root) => walkFiles(root, (name) => name.endsWith('.py')));
}

const SCRIPT = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const MANIFEST =
  /\.(ya?ml|toml|json)$|^(Dockerfile|Containerfile)([.-].*)?$|\.(dockerfile|containerfile)$|^requirements.*\.(txt|in)$|^Pipfile$|^\.env(\..*)?$/i;

export function scriptFiles(nodeModules: string): string[] {
  return walkFiles(nodeModules, (name) => SCRIPT.test(name) && !/\.d\.[cm]?ts$/.test(name));
}

/** YAML, TOML, JSON, Dockerfiles, requirements files, Pipfiles and .env files under the given folders. */
export function manifestFiles(roots: string[]): string[] {
  return roots.flatMap((root) => walkFiles(root, (name) => MANIFEST.test(name)));
}

/**
 * The kind a sweep analyses a file as. Files the engine would not pick up by name (any `.json`,
 * any `.toml`) are forced through the closest adapter, so every parser meets every real file of its format.
 */
export function sweepKindOf(file: string): { kind: FileKind | undefined; forced: boolean } {
  const kind = fileKindOf(file);
  if (kind) return { kind, forced: false };
  const name = path.basename(file).toLowerCase();
  if (name.endsWith('.json')) return { kind: 'package-json', forced: true };
  if (name.endsWith('.toml')) return { kind: 'pyproject', forced: true };
  if (name.endsWith('.txt') || name.endsWith('.in')) return { kind: 'requirements', forced: true };
  return { kind: undefined, forced: false };
}

/** `count` items spread evenly over a sorted list: the same files on every machine with the same corpus. */
export function evenSample<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  const step = items.length / count;
  return Array.from({ length: count }, (_, i) => items[Math.floor(i * step)]);
}
