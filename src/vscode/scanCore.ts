import * as fs from 'fs';
import { ConfigError, ConfigResolver, isExcluded, severitiesFrom } from '../core/config';
import type { FileAnalysis } from '../core/engine';
import { analyzeProject, analyzeText, RULE_IDS } from '../session/engine';
import { fileKindOf } from '../core/fileKinds';
import { LineIndex } from '../core/text';
import { DEFAULT_RULE_OPTIONS, type Finding, type SeveritySetting } from '../core/types';
import type { ScannedFile, ScannedText, ScanRequest } from './scanProtocol';

const MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * Analyses a batch of files for the workspace check. Free of `vscode` so it runs in a worker
 * thread; reads each file's text from disk unless the editor passed its unsaved text.
 */
export async function scanFiles(
  request: ScanRequest,
  onFile: (file: ScannedText) => void,
  isCancelled: () => boolean = () => false,
): Promise<void> {
  const resolver = new ConfigResolver(RULE_IDS);
  for (const file of request.files) {
    if (isCancelled()) return;
    onFile(await scanFile(file, request, resolver));
  }
}

function configFor(resolver: ConfigResolver, file: string) {
  try {
    return resolver.forFile(file);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return undefined;
  }
}

async function scanFile(file: { path: string; text?: string }, request: ScanRequest, resolver: ConfigResolver): Promise<ScannedText> {
  const kind = fileKindOf(file.path);
  const skipped = (reason: string): ScannedText => ({ analysis: { path: file.path, kind, findings: [], skipped: reason } });
  const config = configFor(resolver, file.path);
  if (config && isExcluded(config, file.path)) return skipped('excluded by .prodready.yaml');
  let text = file.text;
  if (text === undefined) {
    try {
      const stat = fs.statSync(file.path);
      if (stat.size > MAX_FILE_BYTES) return skipped('file over the size limit');
      const bytes = fs.readFileSync(file.path);
      if (bytes.includes(0)) return skipped('binary file');
      text = bytes.toString('utf8');
    } catch (error) {
      return skipped(`unreadable: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  const options = { ...(config?.options ?? DEFAULT_RULE_OPTIONS) };
  if (request.defaultTimeoutSeconds !== undefined) options.defaultTimeoutSeconds = request.defaultTimeoutSeconds;
  const analysis = await analyzeText({ path: file.path, text, severities: severitiesFrom(config, request.overrides), options });
  return { analysis, text };
}

/**
 * The project pass over every file's analysis (the same the CLI runs): maps each file's path to its
 * complete findings — its own that stay in scope, plus its cross-file ones.
 */
export function projectFindings(
  scanned: readonly ScannedText[],
  roots: readonly string[],
  overrides: Record<string, SeveritySetting>,
): Map<string, Finding[]> {
  const resolver = new ConfigResolver(RULE_IDS);
  const byPath = new Map(scanned.map((file) => [file.analysis.path, file]));
  return analyzeProject(
    scanned.map((file) => file.analysis),
    {
      roots,
      readText: (file) => byPath.get(file)?.text,
      severities: (file) => severitiesFrom(configFor(resolver, file), overrides),
    },
  );
}

/** Each file with its complete findings from the project pass. */
export function withProjectFindings(scanned: readonly ScannedText[], complete: Map<string, Finding[]>): ScannedText[] {
  return scanned.map((file) => {
    const findings = complete.get(file.analysis.path);
    if (!findings || file.analysis.skipped) return file;
    return { ...file, analysis: { ...file.analysis, findings } };
  });
}

/** Lines and columns for the Problems panel and the report. */
export function locate(file: ScannedText): ScannedFile {
  const { analysis, text } = file;
  const indexes = new Map<number, LineIndex>();
  const linesOf = (cell: number | undefined) => {
    const key = cell ?? -1;
    let lines = indexes.get(key);
    if (!lines) indexes.set(key, (lines = new LineIndex(cell === undefined ? (text ?? '') : (analysis.cells?.[cell] ?? ''))));
    return lines;
  };
  return {
    path: analysis.path,
    kind: analysis.kind,
    skipped: analysis.skipped,
    findings: analysis.findings.map((finding: Finding) => {
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

export type { FileAnalysis };
