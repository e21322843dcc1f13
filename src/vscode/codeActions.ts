import * as fs from 'fs';
import * as vscode from 'vscode';
import { analyzeText } from '../session/engine';
import { commentTokenOf } from '../core/fileKinds';
import { applyFixes } from '../core/fixes';
import { LineIndex, indentationAt } from '../core/text';
import type { Finding, Fix, TextEdit } from '../core/types';
import { rangeOf, ruleIdOf } from './diagnostics';
import { notebookAsIpynb } from './documents';
import type { DocumentFindings, LiveAnalysis } from './liveAnalysis';
import { preferredFinding } from './preferredFix';
import type { ProjectSettings } from './project';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('prodready');
const MAX_FIX_PASSES = 10;
/**
 * How long fix-all (and so `editor.codeActionsOnSave`) waits for a pending analysis of the current
 * text before analysing that text itself. Save participants run while the user waits for the save
 * (VS Code shows "Running Save Participants" and offers to skip them; `onWillSaveTextDocument`
 * listeners get 1.5 s), so the wait stays well inside that: the pending analysis is started at
 * once instead of after the typing debounce, and a typical file is analysed in tens of ms.
 */
export const FIX_ALL_WAIT_MS = 750;

class FixAllOfRule extends vscode.CodeAction {
  constructor(
    readonly entry: DocumentFindings,
    readonly ruleId: string,
    count: number,
  ) {
    super(`Fix all ${count} '${ruleId}' problems in this file`, vscode.CodeActionKind.QuickFix);
  }
}

/**
 * Per finding, as the best linters offer them: its fix, fix all of this rule in the file, disable
 * for this line, show the rule's documentation; plus `source.fixAll.prodready`. One fix is
 * preferred: the safe one for the finding under the cursor (see preferredFix.ts).
 */
export class ProdreadCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(
    private readonly live: LiveAnalysis,
    private readonly project: ProjectSettings,
  ) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
    token?: vscode.CancellationToken,
  ): Promise<vscode.CodeAction[]> {
    if (context.only && FIX_ALL_KIND.intersects(context.only) && !vscode.CodeActionKind.QuickFix.intersects(context.only)) {
      // Fix-all and fix-on-save act on the text as it is now, even when its analysis is still pending.
      const current = await this.live.currentFindings(document, FIX_ALL_WAIT_MS, token);
      if (!current || token?.isCancellationRequested) return [];
      return this.fixAllAction(current);
    }
    const entry = this.live.findingsFor(document);
    if (!entry) return [];
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const actions: vscode.CodeAction[] = [];
    const fixActions = new Map<Finding, vscode.CodeAction>();
    const offeredForRule = new Set<string>();
    for (const diagnostic of context.diagnostics) {
      const ruleId = ruleIdOf(diagnostic);
      if (!ruleId) continue;
      const finding = entry.findings.find(
        (candidate) => candidate.ruleId === ruleId && rangeOf(entry.lines, candidate.start, candidate.end).isEqual(diagnostic.range),
      );
      if (!finding) continue;
      if (finding.fix) {
        const action = this.fixAction(entry, finding, finding.fix, diagnostic);
        fixActions.set(finding, action);
        actions.push(action);
      }
      const fixableOfRule = entry.findings.filter((candidate) => candidate.ruleId === ruleId && candidate.fix);
      if (fixableOfRule.length > 1 && !offeredForRule.has(ruleId)) {
        const action = new FixAllOfRule(entry, ruleId, fixableOfRule.length);
        action.diagnostics = [diagnostic];
        actions.push(action);
      }
      const disable = this.disableForLine(entry, finding, diagnostic);
      if (disable) actions.push(disable);
      if (!offeredForRule.has(ruleId)) {
        const docs = new vscode.CodeAction(`Show documentation for '${ruleId}'`, vscode.CodeActionKind.QuickFix);
        docs.command = { title: docs.title, command: 'prodready.showRuleDocs', arguments: [ruleId] };
        actions.push(docs);
      }
      offeredForRule.add(ruleId);
    }
    // One preferred fix: the safe one for the finding under the cursor (never an unsafe rewrite).
    const preferred = preferredFinding([...fixActions.keys()], entry.lines.offset(range.start.line, range.start.character));
    if (preferred) fixActions.get(preferred)!.isPreferred = true;
    return actions;
  }

  async resolveCodeAction(action: vscode.CodeAction): Promise<vscode.CodeAction> {
    if (action instanceof FixAllOfRule && !action.edit) {
      const fixed = await this.fixRepeatedly(action.entry, (finding) => finding.ruleId === action.ruleId, false);
      action.edit = wholeTextEdit(action.entry, fixed);
    }
    return action;
  }

  private fixAction(entry: DocumentFindings, finding: Finding, fix: Fix, diagnostic: vscode.Diagnostic): vscode.CodeAction {
    const action = new vscode.CodeAction(fix.description, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    const edit = new vscode.WorkspaceEdit();
    for (const change of fix.edits) {
      if (change.path === undefined) {
        edit.replace(entry.document.uri, rangeOf(entry.lines, change.start, change.end), change.text);
      } else {
        addCrossFileEdit(edit, change);
      }
    }
    action.edit = edit;
    void finding;
    return action;
  }

  private disableForLine(entry: DocumentFindings, finding: Finding, diagnostic: vscode.Diagnostic): vscode.CodeAction | undefined {
    const token = commentTokenOf(entry.kind);
    if (!token) return undefined;
    const line = entry.lines.position(finding.start).line;
    const action = new vscode.CodeAction(`Disable '${finding.ruleId}' for this line`, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    const edit = new vscode.WorkspaceEdit();
    const above = line > 0 ? entry.lines.lineText(line - 1) : '';
    const existing = /prodready:[ \t]*ignore\[([^\]]*)\]/.exec(above);
    if (existing && above.trimStart().startsWith(token)) {
      const insertAt = entry.lines.lineStart(line - 1) + existing.index + existing[0].length - 1;
      const position = entry.lines.position(insertAt);
      edit.insert(entry.document.uri, new vscode.Position(position.line, position.column), `, ${finding.ruleId}`);
    } else {
      const lineStart = entry.lines.lineStart(line);
      const indent = indentationAt(entry.text, lineStart);
      const eol = entry.document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
      edit.insert(entry.document.uri, new vscode.Position(line, 0), `${indent}${token} prodready: ignore[${finding.ruleId}]${eol}`);
    }
    action.edit = edit;
    return action;
  }

  private async fixAllAction(entry: DocumentFindings): Promise<vscode.CodeAction[]> {
    if (!entry.findings.some((finding) => finding.fix?.safe)) return [];
    const fixed = await this.fixRepeatedly(entry, (finding) => finding.fix?.safe === true, true);
    // Edited while the fixes were computed: the edit would land on other text.
    if (fixed === entry.text || entry.document.version !== entry.version) return [];
    const action = new vscode.CodeAction('Fix all safe prodready problems', FIX_ALL_KIND);
    action.edit = wholeTextEdit(entry, fixed);
    return [action];
  }

  /** Applies fixes, re-analyses and repeats (as ESLint does) until nothing selected is left to fix. */
  private async fixRepeatedly(entry: DocumentFindings, select: (finding: Finding) => boolean, safeOnly: boolean): Promise<string> {
    let text = entry.text;
    let findings = entry.findings;
    for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
      const fixes = findings
        .filter((finding) => select(finding) && finding.fix && (!safeOnly || finding.fix.safe))
        .map((finding) => finding.fix!);
      if (!fixes.length) break;
      const result = applyFixes(text, fixes);
      if (result.applied === 0 || result.text === text) break;
      text = result.text;
      findings = await this.reanalyse(entry, text);
    }
    return text;
  }

  private async reanalyse(entry: DocumentFindings, text: string): Promise<Finding[]> {
    const settings = this.project.forFile(entry.path, entry.document.uri);
    if (entry.notebook) {
      const { text: ipynb } = notebookAsIpynb(entry.notebook.document, { cell: entry.notebook.cell, text });
      const analysis = await analyzeText({
        path: entry.path,
        kind: 'notebook',
        text: ipynb,
        severities: settings.severities,
        options: settings.options,
      });
      return analysis.findings.filter((finding) => finding.cell === entry.notebook!.cell);
    }
    const analysis = await analyzeText({
      path: entry.path,
      kind: entry.kind,
      text,
      severities: settings.severities,
      options: settings.options,
    });
    return analysis.findings;
  }
}

/** One edit spanning only what changed, so the cursor and folding outside it stay put. */
export function wholeTextEdit(entry: DocumentFindings, fixed: string): vscode.WorkspaceEdit {
  const original = entry.text;
  let prefix = 0;
  while (prefix < original.length && prefix < fixed.length && original[prefix] === fixed[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < original.length - prefix &&
    suffix < fixed.length - prefix &&
    original[original.length - 1 - suffix] === fixed[fixed.length - 1 - suffix]
  ) {
    suffix++;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(entry.document.uri, rangeOf(entry.lines, prefix, original.length - suffix), fixed.slice(prefix, fixed.length - suffix));
  return edit;
}

function addCrossFileEdit(edit: vscode.WorkspaceEdit, change: TextEdit): void {
  const uri = vscode.Uri.file(change.path!);
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  let text: string;
  try {
    text = open ? open.getText() : fs.readFileSync(change.path!, 'utf8');
  } catch {
    text = '';
    edit.createFile(uri, { ignoreIfExists: true });
  }
  edit.replace(uri, rangeOf(new LineIndex(text), change.start, change.end), change.text);
}
