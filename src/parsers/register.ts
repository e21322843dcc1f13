import { registerAdapter } from '../core/languages';

// Each adapter loads on first use of its file kind, so a Python-only workspace never loads the TS parser.
registerAdapter(['python'], async () => (await import('./python/adapter')).pythonAdapter);
registerAdapter(['typescript'], async () => (await import('./typescript/adapter')).typescriptAdapter);
registerAdapter(['requirements'], async () => (await import('./requirements/adapter')).requirementsAdapter);
registerAdapter(['pyproject', 'pipfile'], async () => (await import('./toml/adapter')).tomlAdapter);
registerAdapter(['package-json'], async () => (await import('./packagejson/adapter')).packageJsonAdapter);
registerAdapter(['lockfile'], async () => (await import('./lockfile/adapter')).lockfileAdapter);
registerAdapter(['dockerfile'], async () => (await import('./dockerfile/adapter')).dockerfileAdapter);
registerAdapter(['yaml'], async () => (await import('./yaml/adapter')).yamlAdapter);
registerAdapter(['dotenv'], async () => (await import('./dotenv/adapter')).dotenvAdapter);
registerAdapter(['notebook'], async () => (await import('./notebook/adapter')).notebookAdapter);
registerAdapter(
  ['procfile', 'makefile', 'shell', 'justfile', 'model-settings', 'tsconfig'],
  async () => (await import('./scripts/adapter')).scriptsAdapter,
);
