import * as fs from 'fs';
import * as path from 'path';
import { parse as parseToml } from 'smol-toml';
import { normalizeDistribution, type Ecosystem } from '../dependencies';

/**
 * Versions that lockfiles record: the unpinned-dependency fix pins a requirement to the version the
 * project's lockfile already resolved. Lockfiles are read from disk next to the manifest (or in a
 * folder above it, up to the repository root) and cached by size and modification time.
 */

/** Above this size a lockfile is not parsed (and the lockfile adapter lists it as skipped). */
export const MAX_LOCKFILE_BYTES = 10 * 1024 * 1024;

const PYTHON_LOCKFILES = ['poetry.lock', 'uv.lock', 'Pipfile.lock'];
const NPM_LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json'];
/** Lockfiles whose presence pins npm ranges even where prodready does not read their versions. */
const NPM_LOCK_MARKERS = [...NPM_LOCKFILES, 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock'];
const ROOT_MARKERS = ['.git', '.prodready.yaml'];
const MAX_LEVELS = 8;

export type LockedVersions = Map<string, string>;

/** Parses a lockfile's text; throws with the parser's message when the text is not valid. */
export function parseLockfile(fileName: string, text: string): LockedVersions {
  const versions: LockedVersions = new Map();
  if (fileName === 'poetry.lock' || fileName === 'uv.lock') {
    const data = parseToml(text) as { package?: Array<{ name?: unknown; version?: unknown }> };
    for (const entry of data.package ?? []) {
      if (typeof entry.name === 'string' && typeof entry.version === 'string') {
        versions.set(normalizeDistribution(entry.name), entry.version);
      }
    }
  } else if (fileName === 'Pipfile.lock') {
    const data = JSON.parse(text) as Record<string, Record<string, { version?: unknown }> | undefined>;
    for (const section of ['develop', 'default']) {
      for (const [name, entry] of Object.entries(data[section] ?? {})) {
        if (typeof entry?.version === 'string') versions.set(normalizeDistribution(name), entry.version.replace(/^==/, ''));
      }
    }
  } else if (NPM_LOCKFILES.includes(fileName)) {
    const data = JSON.parse(text) as {
      packages?: Record<string, { version?: unknown }>;
      dependencies?: Record<string, { version?: unknown }>;
    };
    for (const [name, entry] of Object.entries(data.dependencies ?? {})) {
      if (typeof entry.version === 'string') versions.set(name, entry.version);
    }
    for (const [key, entry] of Object.entries(data.packages ?? {})) {
      // Only top-level installs: `node_modules/x`, not `node_modules/a/node_modules/x`.
      const match = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(key);
      if (match && typeof entry.version === 'string') versions.set(match[1], entry.version);
    }
  }
  return versions;
}

interface CacheEntry {
  size: number;
  mtimeMs: number;
  versions: LockedVersions | undefined;
}

const cache = new Map<string, CacheEntry>();

function readLockfile(file: string): LockedVersions | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return undefined;
  }
  if (!stat.isFile()) return undefined;
  const cached = cache.get(file);
  if (cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs) return cached.versions;
  let versions: LockedVersions | undefined;
  if (stat.size <= MAX_LOCKFILE_BYTES) {
    try {
      versions = parseLockfile(path.basename(file), fs.readFileSync(file, 'utf8'));
    } catch {
      versions = undefined;
    }
  }
  cache.set(file, { size: stat.size, mtimeMs: stat.mtimeMs, versions });
  return versions;
}

/** Folders from the manifest's own up to the repository root (a folder holding `.git` or `.prodready.yaml`). */
function foldersUp(manifestPath: string): string[] {
  const folders: string[] = [];
  let folder = path.dirname(path.resolve(manifestPath));
  for (let level = 0; level < MAX_LEVELS; level++) {
    folders.push(folder);
    if (ROOT_MARKERS.some((marker) => fs.existsSync(path.join(folder, marker)))) break;
    const parent = path.dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return folders;
}

/** The version a lockfile of the project records for a dependency, if any. */
export function lockedVersion(manifestPath: string, ecosystem: Ecosystem, name: string): string | undefined {
  const key = ecosystem === 'python' ? normalizeDistribution(name) : name;
  for (const folder of ecosystem === 'python' ? foldersUp(manifestPath) : npmFolders(manifestPath)) {
    for (const lockfile of ecosystem === 'python' ? PYTHON_LOCKFILES : NPM_LOCKFILES) {
      const version = readLockfile(path.join(folder, lockfile))?.get(key);
      if (version) return version;
    }
  }
  return undefined;
}

/** Whether an npm-family lockfile sits beside the package.json or in a workspace root above it. */
export function hasNpmLockfile(manifestPath: string): boolean {
  return npmFolders(manifestPath).some((folder) => NPM_LOCK_MARKERS.some((name) => fs.existsSync(path.join(folder, name))));
}

/**
 * The package's own folder and the npm/yarn/pnpm workspace roots above it: a lockfile of an unrelated
 * package higher up does not lock this one.
 */
function npmFolders(manifestPath: string): string[] {
  const [own, ...above] = foldersUp(manifestPath);
  return [own, ...above.filter(isWorkspaceRoot)];
}

function isWorkspaceRoot(folder: string): boolean {
  if (fs.existsSync(path.join(folder, 'pnpm-workspace.yaml'))) return true;
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as { workspaces?: unknown };
    return manifest.workspaces !== undefined;
  } catch {
    return false;
  }
}

/** Lockfiles that a manifest's own tool writes from it: editing the manifest leaves them stale. */
const OWN_LOCKFILES: Record<string, string[]> = {
  'pyproject.toml': ['poetry.lock', 'uv.lock', 'pdm.lock'],
  Pipfile: ['Pipfile.lock'],
};

/**
 * The lockfile that locks this manifest, if one exists: beside a pyproject.toml (`poetry.lock`,
 * `uv.lock`, `pdm.lock`) or a Pipfile (`Pipfile.lock`), at a uv workspace root above a member's
 * pyproject.toml, and for package.json beside it or at its npm/yarn/pnpm workspace root. An install
 * through it pins every dependency (deployment.md §3), and an edit of the manifest alone makes it
 * stale (R2.2). requirements files have none.
 */
export function governingLockfile(manifestPath: string): string | undefined {
  const base = path.basename(manifestPath);
  if (base === 'package.json') {
    for (const folder of npmFolders(manifestPath))
      for (const name of NPM_LOCK_MARKERS) if (fs.existsSync(path.join(folder, name))) return path.join(folder, name);
    return undefined;
  }
  const own = OWN_LOCKFILES[base];
  if (!own) return undefined;
  const [folder, ...above] = foldersUp(manifestPath);
  for (const name of own) if (fs.existsSync(path.join(folder, name))) return path.join(folder, name);
  if (base === 'pyproject.toml') {
    for (const parent of above) {
      const lock = path.join(parent, 'uv.lock');
      if (fs.existsSync(lock) && isUvWorkspaceRoot(parent)) return lock;
    }
  }
  return undefined;
}

function isUvWorkspaceRoot(folder: string): boolean {
  try {
    return /^\[tool\.uv\.workspace\]/m.test(fs.readFileSync(path.join(folder, 'pyproject.toml'), 'utf8'));
  } catch {
    return false;
  }
}

const siteCache = new Map<string, { mtimeMs: number; versions: LockedVersions }>();

/** Distribution versions of a virtual environment's site-packages, from its `*.dist-info` folders. */
function sitePackages(folder: string): LockedVersions | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(folder);
  } catch {
    return undefined;
  }
  const cached = siteCache.get(folder);
  if (cached && cached.mtimeMs === stat.mtimeMs) return cached.versions;
  const versions: LockedVersions = new Map();
  try {
    for (const entry of fs.readdirSync(folder)) {
      const match = /^(.+?)-([^-]+)\.dist-info$/.exec(entry);
      if (match) versions.set(normalizeDistribution(match[1]), match[2]);
    }
  } catch {
    return undefined;
  }
  siteCache.set(folder, { mtimeMs: stat.mtimeMs, versions });
  return versions;
}

/** The site-packages folders of the virtual environments (`.venv`, `venv`) beside a folder. */
function environmentsOf(folder: string): string[] {
  const found: string[] = [];
  for (const venv of ['.venv', 'venv']) {
    const root = path.join(folder, venv);
    if (!fs.existsSync(path.join(root, 'pyvenv.cfg'))) continue;
    found.push(path.join(root, 'Lib', 'site-packages'));
    try {
      for (const entry of fs.readdirSync(path.join(root, 'lib')))
        if (/^python\d/.test(entry)) found.push(path.join(root, 'lib', entry, 'site-packages'));
    } catch {
      // A Windows environment has no lib/ folder.
    }
  }
  return found;
}

/**
 * The version installed in the project's environment (a `.venv`/`venv` beside the manifest or in a
 * folder above it up to the repository root; `node_modules` of the package or its workspace root).
 */
export function installedVersion(manifestPath: string, ecosystem: Ecosystem, name: string): string | undefined {
  if (ecosystem === 'python') {
    const key = normalizeDistribution(name);
    for (const folder of foldersUp(manifestPath))
      for (const site of environmentsOf(folder)) {
        const version = sitePackages(site)?.get(key);
        if (version) return version;
      }
    return undefined;
  }
  for (const folder of npmFolders(manifestPath)) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'node_modules', name, 'package.json'), 'utf8')) as {
        version?: unknown;
      };
      if (typeof manifest.version === 'string') return manifest.version;
    } catch {
      // Not installed here.
    }
  }
  return undefined;
}
