import * as path from 'path';

export type FileKind =
  | 'python'
  | 'typescript'
  | 'notebook'
  | 'requirements'
  | 'pyproject'
  | 'pipfile'
  | 'package-json'
  | 'dockerfile'
  | 'yaml'
  | 'dotenv'
  | 'lockfile'
  | 'procfile'
  | 'makefile'
  | 'shell'
  | 'justfile'
  | 'model-settings'
  | 'tsconfig';

const SCRIPT_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);
const LOCKFILES = new Set(['poetry.lock', 'uv.lock', 'Pipfile.lock', 'package-lock.json']);

/** What kind of file prodready sees in a path, or undefined for files it does not analyse. */
export function fileKindOf(filePath: string): FileKind | undefined {
  const base = path.basename(filePath);
  const extension = path.extname(base).toLowerCase();
  if (extension === '.py' || extension === '.pyw') return 'python';
  if (SCRIPT_EXTENSIONS.has(extension)) return base.endsWith('.d.ts') ? undefined : 'typescript';
  if (extension === '.ipynb') return 'notebook';
  if (LOCKFILES.has(base)) return 'lockfile';
  if (/^requirements.*\.(txt|in)$/i.test(base) || (/\.txt$/i.test(base) && /(^|[\\/])requirements[\\/]/i.test(filePath)))
    return 'requirements';
  if (base === 'pyproject.toml') return 'pyproject';
  if (base === 'Pipfile') return 'pipfile';
  if (base === 'package.json') return 'package-json';
  // Templates that render to a Dockerfile (`Dockerfile.j2`, `Dockerfile.template`) are not one yet.
  if (/^(Dockerfile|Containerfile)\.(template|tmpl|tpl|j2|jinja2?|erb|mustache|hbs|in|preamble)$/i.test(base)) return undefined;
  if (
    base === 'Dockerfile' ||
    base === 'Containerfile' ||
    /^(Dockerfile|Containerfile)\.[\w.-]+$/.test(base) ||
    /\.(dockerfile|containerfile)$/i.test(base)
  ) {
    return 'dockerfile';
  }
  if (extension === '.yaml' || extension === '.yml') return base === '.prodready.yaml' ? undefined : 'yaml';
  if (base === '.env' || /^\.env\.[\w.-]+$/.test(base)) return 'dotenv';
  // Files read only for what they deploy (the deployment model): they carry no findings.
  if (base === 'Procfile' || /^Procfile\.[\w-]+$/.test(base)) return 'procfile';
  if (base === 'Makefile' || base === 'makefile' || base === 'GNUmakefile' || extension === '.mk') return 'makefile';
  if (extension === '.sh' || extension === '.bash') return 'shell';
  if (base === 'justfile' || base === 'Justfile' || base === '.justfile') return 'justfile';
  if (base === 'model-settings.json') return 'model-settings';
  if (base === 'tsconfig.json' || base === 'jsconfig.json') return 'tsconfig';
  return undefined;
}

/** The comment token of a file kind, for suppression comments; undefined where comments are not possible (JSON). */
export function commentTokenOf(kind: FileKind): '#' | '//' | undefined {
  if (kind === 'typescript') return '//';
  if (kind === 'package-json' || kind === 'lockfile' || kind === 'model-settings' || kind === 'tsconfig') return undefined;
  return '#';
}
