import * as fs from 'fs';
import { ConfigError, ConfigResolver, isExcluded, severitiesFrom } from '../core/config';
import { analyzeText } from '../core/engine';
import { fileKindOf } from '../core/fileKinds';
import { LineIndex } from '../core/text';
import type { ScannedFile, ScanRequest } from './scanProtocol';

const MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * Analyses a batch of files for the workspace check. Free of `vscode` so it runs in a worker
 * thread; reads each file's text from disk unless the editor passed its unsaved text.
 */
export async function scanFiles(
  request: ScanRequest,
  onFile: (file: ScannedFile) => void,
  isCancelled: () => boolean = () => false,
): Promise<void> {
  const resolver = new ConfigResolver();
  for (const file of request.files) {
    if (isCancelled()) return;
    onFile(await scanFile(file, request, resolver));
  }
}

async function scanFile(file: { path: string; text?: string }, request: ScanRequest, resolver: ConfigResolver): Promise<ScannedFile> {
  const kind = fileKindOf(file.path);
  let config;
  try {
    config = resolver.forFile(file.path);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    config = undefined;
  }
  if (config && isExcluded(config, file.path)) return { path: file.path, kind, findings: [], skipped: 'excluded by .prodready.yaml' };
  let text = file.text;
  if (text === undefined) {
    try {
      const stat = fs.statSync(file.path);
      if (stat.size > MAX_FILE_BYTES) return { path: file.path, kind, findings: [], skipped: 'file over the size limit' };
      const bytes = fs.readFileSync(file.path);
      if (bytes.includes(0)) return { path: file.path, kind, findings: [], skipped: 'binary file' };
      text = bytes.toString('utf8');
    } catch (error) {
      return { path: file.path, kind, findings: [], skipped: `unreadable: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
    }
  }
  const options = { ...(config?.options ?? { defaultTimeoutSeconds: 10 }) };
  if (request.defaultTimeoutSeconds !== undefined) options.defaultTimeoutSeconds = request.defaultTimeoutSeconds;
  const analysis = await analyzeText({ path: file.path, text, severities: severitiesFrom(config, request.overrides), options });
  const indexes = new Map<number, LineIndex>();
  const linesOf = (cell: number | undefined) => {
    const key = cell ?? -1;
    let lines = indexes.get(key);
    if (!lines) indexes.set(key, (lines = new LineIndex(cell === undefined ? text! : (analysis.cells?.[cell] ?? ''))));
    return lines;
  };
  return {
    path: file.path,
    kind: analysis.kind,
    skipped: analysis.skipped,
    findings: analysis.findings.map((finding) => {
      const lines = linesOf(finding.cell);
      const start = lines.position(finding.start);
      const end = lines.position(Math.max(finding.start, finding.end));
      return {
        ruleId: finding.ruleId,
        severity: finding.severity,
        category: finding.category,
        message: finding.message,
        cell: finding.cell,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        fixable: finding.fix !== undefined,
      };
    }),
  };
}
