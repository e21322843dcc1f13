import * as vscode from 'vscode';
import { DocumentParseCache, type IncrementalDocument, type TextChange } from '../core/documentCache';
import { analyzeText, RULES } from '../session/engine';
import { ProjectState } from '../session/projectState';
import type { FileAnalysis } from '../core/analysis';
import type { FileKind } from '../core/fileKinds';
import { LineIndex } from '../core/text';
import type { Finding } from '../core/types';
import { toDiagnostic } from './diagnostics';
import { analysisTargetOf, isAnalysableNotebook, notebookAsIpynb, notebookPath, type AnalysisTarget } from './documents';
import type { ProjectSettings } from './project';
import { AnalysisScheduler } from './scheduler';
import { readSettings } from './settings';

/** The last published analysis of one text document (a file, an untitled buffer or a notebook cell). */
export interface DocumentFindings {
  document: vscode.TextDocument;
  version: number;
  /** The analysed text: the document's text, or the cell's source for a notebook cell. */
  text: string;
  lines: LineIndex;
  path: string;
  kind: FileKind;
  findings: Finding[];
  /** For a notebook cell: its notebook and 0-based index among all cells. */
  notebook?: { document: vscode.NotebookDocument; cell: number };
  /** The per-file analysis the findings came from (the whole notebook's for a cell). */
  analysis?: FileAnalysis;
  /** For a notebook cell: the notebook's .ipynb text that was analysed. */
  notebookText?: string;
  /** The analysis changed what the file contributes to its project: other open files are re-published. */
  projectChanged?: boolean;
}

export interface RunTiming {
  /** From the first change not yet analysed to the diagnostics being published. */
  changeToPublishMs?: number;
  analysisMs: number;
}

/**
 * Diagnostics while coding: open, change (debounced) and save trigger an analysis of that document
 * (or that notebook) whose result is published only if the document has not changed meanwhile.
 */
export class LiveAnalysis implements vscode.Disposable {
  private readonly scheduler = new AnalysisScheduler();
  private readonly byDocument = new Map<string, DocumentFindings>();
  private readonly firstUnanalysedChange = new Map<string, number>();
  private readonly timings = new Map<string, RunTiming>();
  /** Parse trees of open documents, for incremental re-parsing, and the edits made since each was parsed. */
  private readonly parseCache = new DocumentParseCache();
  private readonly changesSinceParse = new Map<string, TextChange[]>();
  /**
   * Every workspace file's last analysis (from the workspace scan, then kept current by edits): the
   * project pass over it gives each open file its complete findings, scoped and with cross-file ones,
   * exactly as the CLI computes them.
   */
  private readonly state: ProjectState;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly lastLogged = new Map<string, string>();
  private readonly onDidPublishEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidPublish = this.onDidPublishEmitter.event;

  constructor(
    private readonly collection: vscode.DiagnosticCollection,
    private readonly project: ProjectSettings,
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.state = new ProjectState({ roots: [], severities: (file) => this.project.forFile(file).severities });
    this.scheduler.onError = (key, error) =>
      this.problem('error', `analysis of ${key} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    const ws = vscode.workspace;
    this.subscriptions.push(
      this.scheduler,
      this.onDidPublishEmitter,
      ws.onDidOpenTextDocument((document) => this.request(document, 0)),
      ws.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0) return;
        this.recordChanges(event);
        const settings = readSettings(event.document.uri);
        const notebook = notebookOfCell(event.document);
        const key = (notebook?.uri ?? event.document.uri).toString();
        if (!this.firstUnanalysedChange.has(key)) this.firstUnanalysedChange.set(key, performance.now());
        if (settings.run === 'onType') this.request(event.document, settings.debounceMs);
      }),
      ws.onDidSaveTextDocument((document) => {
        if (document.uri.path.endsWith('/.prodready.yaml')) this.project.reload();
        else this.request(document, 0);
      }),
      ws.onDidCloseTextDocument((document) => {
        if (document.uri.scheme === 'vscode-notebook-cell') return;
        this.scheduler.cancel(document.uri.toString());
        this.forget(document.uri);
        this.parseCache.delete(document.uri.toString());
        this.changesSinceParse.delete(document.uri.toString());
        // An unopened file keeps what the last workspace check found; a closed buffer has no problems.
        if (document.uri.scheme !== 'file') this.collection.delete(document.uri);
      }),
      ws.onDidOpenNotebookDocument((notebook) => this.requestNotebook(notebook, 0)),
      ws.onDidChangeNotebookDocument((event) => {
        const settings = readSettings(event.notebook.uri);
        if (event.contentChanges.length && settings.run === 'onType') this.requestNotebook(event.notebook, settings.debounceMs);
      }),
      ws.onDidSaveNotebookDocument((notebook) => this.requestNotebook(notebook, 0)),
      ws.onDidCloseNotebookDocument((notebook) => {
        this.scheduler.cancel(notebook.uri.toString());
        for (const cell of notebook.getCells()) this.forget(cell.document.uri);
      }),
      ws.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('prodready')) this.reanalyseAll();
      }),
      this.project.onDidChange(() => this.reanalyseAll()),
    );
  }

  /** Analyses every open document and notebook now (activation, settings or config change). */
  reanalyseAll(): void {
    for (const document of vscode.workspace.textDocuments) this.request(document, 0);
    for (const notebook of vscode.workspace.notebookDocuments) this.requestNotebook(notebook, 0);
  }

  /** Takes a workspace scan's per-file analyses (the project the open files belong to) and re-publishes open files. */
  setProjectFiles(files: ReadonlyArray<{ analysis: FileAnalysis; text?: string }>, roots: readonly string[]): void {
    // Open documents are the truth for their files: keep their latest analysis over the scan's.
    const open = new Map([...this.byDocument.values()].filter((entry) => entry.analysis).map((entry) => [entry.path, entry]));
    this.state.replaceAll(
      files.map((file) => {
        const entry = open.get(file.analysis.path);
        return entry?.analysis ? { analysis: entry.analysis, text: entry.notebookText ?? entry.text } : file;
      }),
      { roots, severities: (file) => this.project.forFile(file).severities },
    );
    this.reanalyseAll();
  }

  /**
   * The file's findings with its cross-file ones from the project pass, once a readiness check has
   * filled the project state. Own findings are kept as the per-file pass gives them: scoping them by
   * the deployment model in the editor (what `prodready check` does) is not switched on yet, because
   * re-running the project pass on every keystroke of a large workspace is too slow without the
   * incremental project pass (issue 17).
   */
  private projectFindingsFor(analysis: FileAnalysis, text: string, uri: vscode.Uri): { findings: Finding[]; projectChanged: boolean } {
    if (!this.state.size || uri.scheme !== 'file' || analysis.skipped || !this.state.has(analysis.path)) {
      return { findings: analysis.findings, projectChanged: false };
    }
    this.state.update(analysis, text);
    const key = (finding: Finding) => `${finding.ruleId}:${finding.cell ?? ''}:${finding.start}:${finding.end}`;
    const own = new Set(analysis.findings.map(key));
    const crossFile = (this.state.findingsFor(analysis.path) ?? []).filter(
      (finding) => !own.has(key(finding)) && this.isCrossFile(finding.ruleId),
    );
    const findings = crossFile.length
      ? [...analysis.findings, ...crossFile].sort((a, b) => (a.cell ?? -1) - (b.cell ?? -1) || a.start - b.start)
      : analysis.findings;
    return { findings, projectChanged: false };
  }

  private isCrossFile(ruleId: string): boolean {
    return RULES.find((rule) => rule.id === ruleId)?.implementations.project !== undefined;
  }

  /** Another file's facts changed (a Dockerfile CMD, an import): re-publish every other open document from the project pass. */
  private republishOthers(changed: string): void {
    for (const entry of this.byDocument.values()) {
      if (entry.path === changed || !this.state.has(entry.path) || entry.document.isClosed) continue;
      const all = this.state.findingsFor(entry.path) ?? [];
      const findings = entry.notebook ? all.filter((finding) => finding.cell === entry.notebook!.cell) : all;
      entry.findings = findings;
      this.collection.set(
        entry.document.uri,
        findings.map((finding) => toDiagnostic(finding, entry.lines, this.extensionUri)),
      );
      this.onDidPublishEmitter.fire(entry.document.uri);
    }
  }

  findingsFor(document: vscode.TextDocument): DocumentFindings | undefined {
    const entry = this.byDocument.get(document.uri.toString());
    return entry && entry.version === document.version ? entry : undefined;
  }

  /** Resolves when the document's (or its notebook's) analysis is neither pending nor running. */
  whenIdle(uri: vscode.Uri): Promise<void> {
    const notebook = vscode.workspace.notebookDocuments.find(
      (candidate) =>
        candidate.uri.toString() === uri.toString() || candidate.getCells().some((cell) => cell.document.uri.toString() === uri.toString()),
    );
    return this.scheduler.whenIdle((notebook?.uri ?? uri).toString());
  }

  /** How many parse trees are held for open documents (each is WASM memory until its document closes). */
  get cachedParseTrees(): number {
    return this.parseCache.size;
  }

  /** A file the engine could not analyse: why, once per reason, in the output channel (not a notification). */
  private logSkipped(uri: vscode.Uri, reason: string): void {
    const line = `${vscode.workspace.asRelativePath(uri)}: not analysed: ${reason}`;
    if (this.lastLogged.get(uri.toString()) === line) return;
    this.lastLogged.set(uri.toString(), line);
    this.problem(reason.startsWith('internal error') ? 'error' : 'warn', line);
  }

  /** The last problems written to the output channel, newest last (what a bug report would quote). */
  readonly recentProblems: string[] = [];

  private problem(level: 'error' | 'warn', line: string): void {
    this.log[level](line);
    this.recentProblems.push(line);
    if (this.recentProblems.length > 50) this.recentProblems.shift();
  }

  timingOf(uri: vscode.Uri): RunTiming | undefined {
    return this.timings.get(uri.toString());
  }

  request(document: vscode.TextDocument, delayMs: number): void {
    const notebook = notebookOfCell(document);
    if (notebook) return this.requestNotebook(notebook, delayMs);
    const target = analysisTargetOf(document);
    if (!target) return;
    const key = document.uri.toString();
    if (!readSettings(document.uri).enable) {
      this.scheduler.cancel(key);
      this.collection.delete(document.uri);
      this.forget(document.uri);
      return;
    }
    this.scheduler.schedule(key, delayMs, async (token) => {
      // Taken in the same tick as the text: the changes that lead from the cached tree's text to it.
      const changes = this.changesSinceParse.get(key);
      this.changesSinceParse.set(key, []);
      const started = performance.now();
      const entry = await this.analyseDocument(document, target, { cache: this.parseCache, key, changes });
      // Closed while it ran: the parse just cached for it would otherwise outlive the document.
      if (document.isClosed) this.parseCache.delete(key);
      if (token.isCancellationRequested || !entry) return;
      if (this.publish(entry)) this.recordTiming(key, started);
    });
  }

  /**
   * Analyses the document's text as it is now; undefined when prodready does not (or no longer)
   * analyse it: disabled, excluded, closed or changed while the analysis ran.
   */
  private async analyseDocument(
    document: vscode.TextDocument,
    target: AnalysisTarget,
    incremental?: IncrementalDocument,
  ): Promise<DocumentFindings | undefined> {
    const version = document.version;
    const text = document.getText();
    const settings = this.project.forFile(target.path, document.uri);
    if (settings.excluded) {
      this.collection.delete(document.uri);
      this.forget(document.uri);
      return undefined;
    }
    const analysis = await analyzeText({
      path: target.path,
      kind: target.kind,
      text,
      severities: settings.severities,
      options: settings.options,
      document: incremental,
    });
    if (document.isClosed || document.version !== version) return undefined;
    if (analysis.skipped) this.logSkipped(document.uri, analysis.skipped);
    const { findings, projectChanged } = this.projectFindingsFor(analysis, text, document.uri);
    return {
      document,
      version,
      text,
      lines: new LineIndex(text),
      path: target.path,
      kind: target.kind,
      findings,
      analysis,
      projectChanged,
    };
  }

  /** Shows an analysis as the document's diagnostics, unless the document moved on meanwhile. */
  private publish(entry: DocumentFindings): boolean {
    const { document } = entry;
    if (document.isClosed || document.version !== entry.version) return false;
    this.byDocument.set(document.uri.toString(), entry);
    this.collection.set(
      document.uri,
      entry.findings.map((finding) => toDiagnostic(finding, entry.lines, this.extensionUri)),
    );
    this.onDidPublishEmitter.fire(document.uri);
    if (entry.projectChanged) this.republishOthers(entry.path);
    return true;
  }

  /**
   * The analysis of the document's current text, for fix-all and fix-on-save, which must not act
   * on a stale result nor give up while one is pending (issue 15: saving 100 ms after typing fixed
   * nothing). The published one when current; else the pending analysis, started at once rather
   * than after the typing debounce, if it publishes within `waitMs`; else the text analysed here
   * directly. Undefined when prodready does not analyse the document (disabled, excluded) or the
   * request was cancelled.
   */
  async currentFindings(
    document: vscode.TextDocument,
    waitMs: number,
    token?: vscode.CancellationToken,
  ): Promise<DocumentFindings | undefined> {
    const published = this.findingsFor(document);
    if (published) return published;
    const notebook = notebookOfCell(document);
    const key = (notebook?.uri ?? document.uri).toString();
    if (!readSettings(notebook?.uri ?? document.uri).enable) return undefined;
    // A change not yet scheduled (run: onSave) or already analysed as an older version: schedule it.
    if (!this.scheduler.isBusy(key)) {
      if (notebook) this.requestNotebook(notebook, 0);
      else this.request(document, 0);
    } else {
      this.scheduler.flush(key);
    }
    const waited = await this.waitForCurrent(document, key, waitMs, token);
    if (waited || token?.isCancellationRequested || notebook) return waited;
    const target = analysisTargetOf(document);
    if (!target) return undefined;
    const entry = await this.analyseDocument(document, target);
    if (entry) this.publish(entry);
    return entry;
  }

  /** Resolves with the current version's analysis once published, or undefined when idle without one, timed out or cancelled. */
  private waitForCurrent(
    document: vscode.TextDocument,
    key: string,
    waitMs: number,
    token?: vscode.CancellationToken,
  ): Promise<DocumentFindings | undefined> {
    return new Promise((resolve) => {
      let finished = false;
      const subscriptions: vscode.Disposable[] = [];
      const finish = () => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        for (const subscription of subscriptions) subscription.dispose();
        resolve(token?.isCancellationRequested ? undefined : this.findingsFor(document));
      };
      const timer = setTimeout(finish, waitMs);
      subscriptions.push(
        this.onDidPublish(() => {
          if (this.findingsFor(document)) finish();
        }),
      );
      if (token) subscriptions.push(token.onCancellationRequested(finish));
      void this.scheduler.whenIdle(key).then(finish);
    });
  }

  requestNotebook(notebook: vscode.NotebookDocument, delayMs: number): void {
    if (!isAnalysableNotebook(notebook)) return;
    const key = notebook.uri.toString();
    if (!readSettings(notebook.uri).enable) {
      this.scheduler.cancel(key);
      for (const cell of notebook.getCells()) this.collection.delete(cell.document.uri);
      return;
    }
    this.scheduler.schedule(key, delayMs, async (token) => {
      const version = notebook.version;
      const { text, cells } = notebookAsIpynb(notebook);
      const cellVersions = cells.map((cell) => cell.document.version);
      const path = notebookPath(notebook);
      const settings = this.project.forFile(path, notebook.uri);
      const started = performance.now();
      const analysis: FileAnalysis | undefined = settings.excluded
        ? undefined
        : await analyzeText({ path, kind: 'notebook', text, severities: settings.severities, options: settings.options });
      if (analysis?.skipped) this.logSkipped(notebook.uri, analysis.skipped);
      const unchanged = notebook.version === version && cells.every((cell, i) => cell.document.version === cellVersions[i]);
      if (token.isCancellationRequested || notebook.isClosed || !unchanged) return;
      const { findings: all, projectChanged } = analysis
        ? this.projectFindingsFor(analysis, text, notebook.uri)
        : { findings: [] as Finding[], projectChanged: false };
      cells.forEach((cell, index) => {
        const cellText = cell.document.getText();
        const lines = new LineIndex(cellText);
        const findings = all.filter((finding) => finding.cell === index);
        this.byDocument.set(cell.document.uri.toString(), {
          document: cell.document,
          version: cell.document.version,
          text: cellText,
          lines,
          path,
          kind: 'python',
          findings,
          notebook: { document: notebook, cell: index },
          analysis,
          notebookText: text,
        });
        this.collection.set(
          cell.document.uri,
          findings.map((finding) => toDiagnostic(finding, lines, this.extensionUri)),
        );
      });
      this.recordTiming(key, started);
      this.onDidPublishEmitter.fire(notebook.uri);
      if (projectChanged) this.republishOthers(path);
    });
  }

  /** VS Code reports each change in offsets of the text before it, applied in order: exactly TextChange. */
  private recordChanges(event: vscode.TextDocumentChangeEvent): void {
    const key = event.document.uri.toString();
    const pending = this.changesSinceParse.get(key);
    if (!pending) return; // never parsed: the next analysis parses fresh
    for (const change of event.contentChanges) {
      pending.push({ start: change.rangeOffset, end: change.rangeOffset + change.rangeLength, text: change.text });
    }
  }

  private recordTiming(key: string, started: number): void {
    const now = performance.now();
    const changed = this.firstUnanalysedChange.get(key);
    this.firstUnanalysedChange.delete(key);
    this.timings.set(key, { analysisMs: now - started, changeToPublishMs: changed === undefined ? undefined : now - changed });
  }

  private forget(uri: vscode.Uri): void {
    this.byDocument.delete(uri.toString());
    this.lastLogged.delete(uri.toString());
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.parseCache.clear();
  }
}

export function notebookOfCell(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
  if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
  return vscode.workspace.notebookDocuments.find((notebook) =>
    notebook.getCells().some((cell) => cell.document === document || cell.document.uri.toString() === document.uri.toString()),
  );
}
