/** Worker-thread entry of the workspace check (bundled to dist/scanWorker.js): no `vscode` here. */
import { parentPort, workerData } from 'worker_threads';
import { scanFiles } from './scanCore';
import type { ScanMessage, ScanRequest } from './scanProtocol';

const post = (message: ScanMessage) => parentPort!.postMessage(message);

scanFiles(workerData as ScanRequest, (file) => post({ type: 'file', file })).then(
  () => post({ type: 'done' }),
  (error: unknown) => post({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
);
