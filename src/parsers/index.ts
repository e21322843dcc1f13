import type { AdapterLoader, AdapterTable } from '../core/languages';
import type { FileKind } from '../core/fileKinds';

const table = new Map<FileKind, AdapterLoader>();
function register(kinds: FileKind[], loader: AdapterLoader): void {
  let loaded: ReturnType<AdapterLoader> | undefined;
  for (const kind of kinds) table.set(kind, () => (loaded ??= loader()));
}

// Each adapter loads on first use of its file kind, so a Python-only workspace never loads the TS parser.
register(['python'], async () => (await import('./python/adapter')).pythonAdapter);
register(['typescript'], async () => (await import('./typescript/adapter')).typescriptAdapter);
register(['requirements'], async () => (await import('./requirements/adapter')).requirementsAdapter);
register(['pyproject', 'pipfile'], async () => (await import('./toml/adapter')).tomlAdapter);
register(['package-json'], async () => (await import('./packagejson/adapter')).packageJsonAdapter);
register(['lockfile'], async () => (await import('./lockfile/adapter')).lockfileAdapter);
register(['dockerfile'], async () => (await import('./dockerfile/adapter')).dockerfileAdapter);
register(['yaml'], async () => (await import('./yaml/adapter')).yamlAdapter);
register(['dotenv'], async () => (await import('./dotenv/adapter')).dotenvAdapter);
register(['notebook'], async () => (await import('./notebook/adapter')).notebookAdapter);
register(
  ['procfile', 'makefile', 'shell', 'justfile', 'model-settings', 'tsconfig'],
  async () => (await import('./scripts/adapter')).scriptsAdapter,
);

/** Every file kind prodready analyses, and the adapter for it. */
export const ADAPTERS: AdapterTable = table;
