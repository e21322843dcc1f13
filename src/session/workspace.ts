import * as fs from 'fs';
import * as path from 'path';
import { ConfigResolver, isExcluded, severitiesFrom, type ProjectConfig, type RuleSelection } from '../core/config';
import { decodeBytes, type DecodedText } from '../core/decode';
import type { FileAnalysis } from '../core/engine';
import { fileKindOf } from '../core/fileKinds';
import type { SeveritySetting } from '../core/types';
import { analyzeText } from './engine';
import { GitignoreTree } from '../core/gitignore';

/** Folders never worth analysing: dependencies, VCS data, virtual environments, caches, build output. */
export const DEFAULT_SKIPPED_FOLDERS: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.ipynb_checkpoints',
  'site-packages',
  '.vscode-test',
]);

/** Files larger than this are listed as skipped: nothing a person wrote by hand is this large. */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface DiscoveryResult {
  files: string[];
  skipped: SkippedFile[];
  /**
   * Files `.gitignore` excludes that are still read for facts (rules.md R2.6): deployment
   * artifacts and `.env*` files say what the deployment sets even when they are not committed.
   * They are analysed for the workspace pass, never reported.
   */
  factsOnly: string[];
}

export interface DiscoveryOptions {
  /** Leave out what `.gitignore` files and `.git/info/exclude` ignore (the CLI default; `--no-respect-gitignore`). */
  respectGitignore?: boolean;
  signal?: AbortSignal;
}

/** File kinds read for facts even when ignored: Dockerfiles, compose and Kubernetes YAML, `.env*`. */
const FACT_KINDS: ReadonlySet<string> = new Set(['dockerfile', 'yaml', 'dotenv']);

function isVirtualEnvironment(folder: string): boolean {
  return fs.existsSync(path.join(folder, 'pyvenv.cfg')) || fs.existsSync(path.join(folder, 'conda-meta'));
}

/**
 * Lists the files prodready analyses under the given paths (files given explicitly are always
 * taken, ignored or not; so is the inside of a folder given explicitly, unless a pattern matches
 * what is in it). Symlinked folders are not followed (no loops); unreadable folders become
 * `skipped`. With `respectGitignore`, ignored files and folders are neither analysed nor listed
 * as skipped, except the deployment artifacts among them, which go to `factsOnly`.
 */
export function discoverFiles(paths: string[], resolver: ConfigResolver, options: DiscoveryOptions = {}): DiscoveryResult {
  const { signal } = options;
  const files: string[] = [];
  const factsOnly: string[] = [];
  const skipped: SkippedFile[] = [];
  const excluded = (file: string) => {
    const config = resolver.forFile(file);
    return config ? isExcluded(config, file) : false;
  };
  /** `ignored`: an enclosing folder is ignored (git never re-includes below it). */
  const visit = (folder: string, tree: GitignoreTree | undefined, ignored: boolean) => {
    if (signal?.aborted) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      if (!ignored) skipped.push({ path: folder, reason: `cannot read folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (DEFAULT_SKIPPED_FOLDERS.has(entry.name) || isVirtualEnvironment(full) || excluded(full)) continue;
        visit(full, tree, ignored || (tree?.ignores(full, true) ?? false));
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        const kind = fileKindOf(full);
        if (!kind || excluded(full)) continue;
        const ignoredFile = ignored || (tree?.ignores(full, false) ?? false);
        if (ignoredFile && !FACT_KINDS.has(kind)) continue;
        if (entry.isSymbolicLink()) {
          try {
            if (!fs.statSync(full).isFile()) continue;
          } catch (error) {
            if (!ignoredFile)
              skipped.push({ path: full, reason: `broken symbolic link: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
            continue;
          }
        }
        (ignoredFile ? factsOnly : files).push(full);
      }
    }
  };
  for (const given of paths) {
    const stat = fs.statSync(given);
    if (stat.isDirectory()) {
      const folder = path.resolve(given);
      visit(folder, options.respectGitignore ? new GitignoreTree(folder) : undefined, false);
    } else {
      files.push(path.resolve(given));
    }
  }
  return { files, skipped, factsOnly };
}

export interface ReadResult {
  decoded?: DecodedText;
  skipped?: string;
}

/** Reads a file for analysis, or says why it cannot be analysed. Never throws. */
export function readSourceFile(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): ReadResult {
  let bytes: Buffer;
  try {
    const stat = fs.statSync(file);
    if (stat.size > maxBytes) {
      return { skipped: `over the size limit (${(stat.size / 1048576).toFixed(1)} MB > ${(maxBytes / 1048576).toFixed(0)} MB)` };
    }
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { skipped: code === 'ENOENT' ? 'file disappeared during the scan' : `cannot read: ${code ?? String(error)}` };
  }
  const decoded = decodeBytes(bytes);
  if ('error' in decoded) return { skipped: decoded.error };
  return { decoded };
}

export interface WorkspaceOptions {
  /** The CLI's --config, already loaded. */
  config?: ProjectConfig;
  selection?: RuleSelection;
  /** Editor settings: per-rule severities that win over `.prodready.yaml`. */
  overrides?: Record<string, SeveritySetting>;
  maxFileBytes?: number;
  signal?: AbortSignal;
  onProgress?(done: number, total: number): void;
}

export interface AnalyzedFile extends FileAnalysis {
  decoded?: DecodedText;
}

/** Reads and analyses one file with the config that applies to it. */
export async function analyzeFile(file: string, resolver: ConfigResolver, options: WorkspaceOptions = {}): Promise<AnalyzedFile> {
  const read = readSourceFile(file, options.maxFileBytes);
  if (!read.decoded) return { path: file, kind: fileKindOf(file), findings: [], skipped: read.skipped };
  const config = resolver.forFile(file);
  const analysis = await analyzeText({
    path: file,
    text: read.decoded.text,
    severities: severitiesFrom(config, options.overrides, options.selection),
    options: config?.options,
  });
  return { ...analysis, decoded: read.decoded };
}
