import * as vscode from 'vscode';
import { ruleMeta } from './session/engine';
import { ProdreadCodeActions } from './vscode/codeActions';
import { DOCUMENT_SELECTOR } from './vscode/documents';
import { ruleDocsUri } from './vscode/diagnostics';
import { LiveAnalysis, type RunTiming } from './vscode/liveAnalysis';
import { ProjectSettings } from './vscode/project';
import { openLocation, renderMarkdown, ReportView } from './vscode/reportView';
import { ProblemsStatus } from './vscode/statusBar';
import { WorkspaceCheck, type ReadinessReport } from './vscode/workspaceCheck';

/** What activate() returns: used by the integration suite and by other extensions. */
export interface ProdreadApi {
  /** Resolves once the document's (or notebook's) analysis is neither pending nor running. */
  whenIdle(uri: vscode.Uri): Promise<void>;
  timingOf(uri: vscode.Uri): RunTiming | undefined;
  checkWorkspace(): Promise<ReadinessReport>;
  lastReport(): ReadinessReport | undefined;
  statusText(): string;
  /** Parse trees held for open documents (closing a document frees its tree). */
  cachedParseTrees(): number;
  /** The last lines written to the "prodready" output channel about files it could not analyse. */
  recentProblems(): string[];
  /** How long activate() itself took, in milliseconds. */
  activationMs: number;
  /** Resolves (with the number of files) once the background project scan has fed the live analysis. */
  whenProjectScanned(): Promise<number>;
}

/** Activation registers services only; the first parse happens when a document asks for it. */
export function activate(context: vscode.ExtensionContext): ProdreadApi {
  const activationStarted = performance.now();
  const collection = vscode.languages.createDiagnosticCollection('prodready');
  const project = new ProjectSettings();
  const log = vscode.window.createOutputChannel('prodready', { log: true });
  const live = new LiveAnalysis(collection, project, context.extensionUri, log);
  const check = new WorkspaceCheck(
    collection,
    context.extensionUri,
    // Open documents and notebooks publish their own diagnostics (per cell for a notebook).
    (uri) =>
      vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString()) ||
      vscode.workspace.notebookDocuments.some((notebook) => notebook.uri.toString() === uri.toString()),
    (files, roots) => live.setProjectFiles(files, roots),
  );
  const reportView = new ReportView();
  const status = new ProblemsStatus(collection);

  const runCheck = () =>
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'prodready: checking production readiness', cancellable: true },
      async (progress, token) => {
        const report = await check.run(token, progress);
        reportView.show(report);
        return report;
      },
    );

  context.subscriptions.push(
    log,
    collection,
    project,
    live,
    reportView,
    status,
    vscode.languages.registerCodeActionsProvider(DOCUMENT_SELECTOR, new ProdreadCodeActions(live, project), ProdreadCodeActions.metadata),
    vscode.commands.registerCommand('prodready.checkReadiness', runCheck),
    vscode.commands.registerCommand('prodready.showReport', () => {
      const report = reportView.current;
      return report ? reportView.show(report) : runCheck();
    }),
    vscode.commands.registerCommand('prodready.copyReportMarkdown', async () => {
      const report = reportView.current ?? (await runCheck());
      await vscode.env.clipboard.writeText(renderMarkdown(report));
      void vscode.window.showInformationMessage('prodready: readiness report copied as Markdown.');
    }),
    vscode.commands.registerCommand('prodready.openFinding', openLocation),
    vscode.commands.registerCommand('prodready.showRuleDocs', (ruleId: string) => showRuleDocs(context.extensionUri, ruleId)),
    vscode.commands.registerCommand('prodready.fixAll', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      await vscode.commands.executeCommand('editor.action.sourceAction', { kind: 'source.fixAll.prodready', apply: 'first' });
    }),
  );

  live.reanalyseAll();
  // The background project scan (so open files get scoped findings before a readiness check) is
  // not switched on yet: see LiveAnalysis.projectFindingsFor.
  const projectScanned = Promise.resolve(0);
  const activationMs = performance.now() - activationStarted;
  return {
    activationMs,
    whenProjectScanned: () => projectScanned,
    whenIdle: (uri) => live.whenIdle(uri),
    timingOf: (uri) => live.timingOf(uri),
    checkWorkspace: runCheck as () => Promise<ReadinessReport>,
    lastReport: () => reportView.current,
    statusText: () => status.text,
    cachedParseTrees: () => live.cachedParseTrees,
    recentProblems: () => [...live.recentProblems],
  };
}

async function showRuleDocs(extensionUri: vscode.Uri, ruleId: string): Promise<void> {
  const page = ruleDocsUri(extensionUri, ruleId);
  try {
    await vscode.workspace.fs.stat(page);
    await vscode.commands.executeCommand('markdown.showPreview', page);
    return;
  } catch {
    // No packaged page (sources run directly): render the registry's docs instead.
  }
  const meta = ruleMeta(ruleId);
  if (!meta) return;
  const content = [
    `# ${meta.id}`,
    '',
    `${meta.summary} (${meta.category}, default ${meta.severity})`,
    '',
    '## Why it matters in production',
    '',
    meta.docs.why,
    '',
    '## What it flags',
    '',
    meta.docs.flags,
    '',
    '## What it leaves alone',
    '',
    meta.docs.doesNotFlag,
    '',
    '## Fix',
    '',
    meta.docs.fix,
    '',
  ].join('\n');
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  await vscode.commands.executeCommand('markdown.showPreview', document.uri);
}

export function deactivate(): void {}
