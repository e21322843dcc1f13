import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { Worker } from 'worker_threads';
import { fileKindOf } from '../core/fileKinds';
import { cellLabel } from '../core/notebookPositions';
import { CATEGORIES, CATEGORY_TITLES, type Category, type Finding, type Severity } from '../core/types';
import { DIAGNOSTIC_SOURCE, ruleDocsUri } from './diagnostics';
import { ALWAYS_EXCLUDED } from './project';
import { locate, projectFindings, scanFiles, withProjectFindings } from './scanCore';
import type { ScanMessage, ScannedFile, ScannedText, ScanRequest } from './scanProtocol';
import { readSettings } from './settings';
import picomatch from 'picomatch';

export interface CategoryResult {
  id: Category;
  title: string;
  pass: boolean;
  counts: Record<Severity, number>;
}

export interface ReadinessReport {
  generatedAt: string;
  durationMs: number;
  fileCount: number;
  findingCount: number;
  categories: CategoryResult[];
  files: (ScannedFile & { uri: vscode.Uri; relative: string })[];
  skipped: { relative: string; reason: string }[];
  cancelled: boolean;
}

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/**
 * "prodready: Check Production Readiness": every analysable file of every workspace folder, in
 * worker threads so the extension host stays responsive; fills the Problems panel for files that
 * were never opened and returns the readiness report.
 */
export class WorkspaceCheck {
  constructor(
    private readonly collection: vscode.DiagnosticCollection,
    private readonly extensionUri: vscode.Uri,
    private readonly isLive: (uri: vscode.Uri) => boolean,
    /** Every scanned file's analysis and text: the project the live diagnostics of open files are scoped by. */
    private readonly onProjectFiles: (files: ScannedText[], roots: string[]) => void = () => undefined,
  ) {}

  /**
   * Scans the workspace without publishing anything: gives the live analysis the project (facts of
   * every file) that scoping and cross-file rules need, so an open file shows what the CLI shows
   * before any readiness check has run.
   */
  async scanProject(token: vscode.CancellationToken): Promise<number> {
    const files = await this.collectFiles(token);
    const request = this.requestFor(files);
    const results: ScannedText[] = [];
    await this.analyse(request, (file) => results.push(file), token);
    if (!token.isCancellationRequested) this.onProjectFiles(results, workspaceRoots());
    return results.length;
  }

  private requestFor(files: vscode.Uri[]): ScanRequest {
    const settings = readSettings(vscode.workspace.workspaceFolders?.[0]?.uri);
    const openText = new Map(
      vscode.workspace.textDocuments
        .filter((document) => document.uri.scheme === 'file' && document.isDirty)
        .map((document) => [document.uri.fsPath, document.getText()]),
    );
    return {
      files: files.map((uri) => ({ path: uri.fsPath, text: openText.get(uri.fsPath) })),
      overrides: settings.severityOverrides,
      defaultTimeoutSeconds: settings.defaultTimeoutSeconds,
    };
  }

  async run(
    token: vscode.CancellationToken,
    progress?: vscode.Progress<{ message?: string; increment?: number }>,
  ): Promise<ReadinessReport> {
    const started = performance.now();
    const files = await this.collectFiles(token);
    const settings = readSettings(vscode.workspace.workspaceFolders?.[0]?.uri);
    const request = this.requestFor(files);
    const results: ScannedText[] = [];
    let lastReported = 0;
    const onFile = (file: ScannedText) => {
      results.push(file);
      const percent = Math.floor((results.length / Math.max(1, files.length)) * 100);
      progress?.report({ message: `${results.length}/${files.length} files`, increment: percent - lastReported });
      lastReported = percent;
    };
    await this.analyse(request, onFile, token);
    const cancelled = token.isCancellationRequested;
    const roots = workspaceRoots();
    const crossFile = cancelled ? new Map<string, Finding[]>() : projectFindings(results, roots, settings.severityOverrides);
    if (!cancelled) this.onProjectFiles(results, roots);
    const located = withProjectFindings(results, crossFile).map(locate);
    if (!cancelled) this.publish(located);
    return this.report(located, performance.now() - started, cancelled);
  }

  private async collectFiles(token: vscode.CancellationToken): Promise<vscode.Uri[]> {
    const filesExclude = vscode.workspace.getConfiguration('files').get<Record<string, boolean>>('exclude', {});
    const settings = readSettings(vscode.workspace.workspaceFolders?.[0]?.uri);
    const excludes = [...ALWAYS_EXCLUDED, ...Object.keys(filesExclude).filter((glob) => filesExclude[glob]), ...settings.exclude];
    const uris = await vscode.workspace.findFiles('**/*', `{${excludes.join(',')}}`, 20_000, token);
    const excluded = picomatch(settings.exclude, { dot: true });
    return uris
      .filter((uri) => uri.scheme === 'file' && fileKindOf(uri.fsPath) !== undefined)
      .filter((uri) => {
        const folder = vscode.workspace.getWorkspaceFolder(uri);
        return !settings.exclude.length || !folder || !excluded(path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/'));
      })
      .sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  }

  private async analyse(request: ScanRequest, onFile: (file: ScannedText) => void, token: vscode.CancellationToken): Promise<void> {
    const workerScript = path.join(__dirname, 'scanWorker.js');
    if (!fs.existsSync(workerScript) || request.files.length < 2) {
      // Without the worker bundle (sources run directly) analyse here, still yielding between files.
      await scanFiles(request, onFile, () => token.isCancellationRequested);
      return;
    }
    const workerCount = Math.max(1, Math.min(4, os.cpus().length - 1, Math.ceil(request.files.length / 20)));
    const batches: ScanRequest[] = Array.from({ length: workerCount }, () => ({ ...request, files: [] }));
    request.files.forEach((file, index) => batches[index % workerCount].files.push(file));
    await Promise.all(batches.map((batch) => runWorker(workerScript, batch, onFile, token)));
  }

  private publish(results: ScannedFile[]): void {
    // Files an earlier check reported that are gone now (deleted, excluded) lose their problems.
    const checked = new Set(results.map((file) => vscode.Uri.file(file.path).toString()));
    const stale: vscode.Uri[] = [];
    this.collection.forEach((uri) => {
      if (uri.scheme === 'file' && !checked.has(uri.toString()) && !this.isLive(uri)) stale.push(uri);
    });
    for (const uri of stale) this.collection.delete(uri);
    for (const file of results) {
      const uri = vscode.Uri.file(file.path);
      if (this.isLive(uri)) continue;
      this.collection.set(
        uri,
        file.findings.map((finding) => {
          const inCell = finding.cell !== undefined;
          const range = inCell
            ? new vscode.Range(0, 0, 0, 0)
            : new vscode.Range(finding.line, finding.column, finding.endLine, finding.endColumn);
          const message = inCell ? `${cellLabel(finding.cell!)}, line ${finding.line + 1}: ${finding.message}` : finding.message;
          const diagnostic = new vscode.Diagnostic(range, message, SEVERITY[finding.severity]);
          diagnostic.source = DIAGNOSTIC_SOURCE;
          diagnostic.code = { value: finding.ruleId, target: ruleDocsUri(this.extensionUri, finding.ruleId) };
          return diagnostic;
        }),
      );
    }
  }

  private report(results: ScannedFile[], durationMs: number, cancelled: boolean): ReadinessReport {
    const categories: CategoryResult[] = CATEGORIES.map((id) => ({
      id,
      title: CATEGORY_TITLES[id],
      pass: true,
      counts: { error: 0, warning: 0, info: 0 },
    }));
    const byId = new Map(categories.map((category) => [category.id, category]));
    for (const file of results) {
      for (const finding of file.findings) {
        const category = byId.get(finding.category);
        if (!category) continue;
        category.counts[finding.severity]++;
        if (finding.severity !== 'info') category.pass = false;
      }
    }
    const relative = (file: string) => vscode.workspace.asRelativePath(file, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
    return {
      generatedAt: new Date().toISOString(),
      durationMs,
      fileCount: results.length,
      findingCount: results.reduce((sum, file) => sum + file.findings.length, 0),
      categories,
      files: results
        .filter((file) => file.findings.length)
        .map((file) => ({ ...file, uri: vscode.Uri.file(file.path), relative: relative(file.path) })),
      skipped: results.filter((file) => file.skipped).map((file) => ({ relative: relative(file.path), reason: file.skipped! })),
      cancelled,
    };
  }
}

function workspaceRoots(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
}

function runWorker(
  script: string,
  request: ScanRequest,
  onFile: (file: ScannedText) => void,
  token: vscode.CancellationToken,
): Promise<void> {
  if (!request.files.length) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: request });
    const cancel = token.onCancellationRequested(() => {
      void worker.terminate();
      resolve();
    });
    const finish = (error?: Error) => {
      cancel.dispose();
      void worker.terminate();
      if (error) reject(error);
      else resolve();
    };
    worker.on('message', (message: ScanMessage) => {
      if (message.type === 'file') onFile(message.file);
      else if (message.type === 'done') finish();
      else finish(new Error(message.message));
    });
    worker.on('error', (error) => finish(error));
    worker.on('exit', () => finish());
  });
}
