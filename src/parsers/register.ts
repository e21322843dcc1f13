import { registerAdapter } from '../core/languages';

// Each adapter loads on first use of its file kind, so a Python-only workspace never loads the TS parser.
registerAdapter(['python'], async () => (await import('./python/adapter')).pythonAdapter);
registerAdapter(['typescript'], async () => (await import('./typescript/adapter')).typescriptAdapter);
