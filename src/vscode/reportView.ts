import * as vscode from 'vscode';
import { cellLabel } from '../core/notebookPositions';
import type { ReadinessReport } from './workspaceCheck';

/** The readiness report: per category pass/fail with counts, then findings grouped by file, each a link. */
export class ReportView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private report: ReadinessReport | undefined;

  get current(): ReadinessReport | undefined {
    return this.report;
  }

  show(report: ReadinessReport): vscode.WebviewPanel {
    this.report = report;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('prodready.report', 'Production readiness', vscode.ViewColumn.Active, {
        enableScripts: true,
        enableCommandUris: false,
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((message: { open?: { path: string; line: number; column: number; cell?: number } }) => {
        if (message.open) void openLocation(message.open);
      });
    }
    this.panel.webview.html = renderHtml(report, this.panel.webview.cspSource);
    this.panel.reveal();
    return this.panel;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

/** Opens a finding of the report (also the command behind each link). */
export async function openLocation(location: { path: string; line: number; column: number; cell?: number }): Promise<void> {
  const uri = vscode.Uri.file(location.path);
  if (location.cell !== undefined) {
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    const cell = notebook.cellAt(location.cell);
    await vscode.window.showTextDocument(cell.document, {
      selection: new vscode.Range(location.line, location.column, location.line, location.column),
    });
    return;
  }
  await vscode.window.showTextDocument(uri, {
    selection: new vscode.Range(location.line, location.column, location.line, location.column),
  });
}

const escape = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function renderHtml(report: ReadinessReport, cspSource: string): string {
  const nonce = Array.from({ length: 24 }, () => Math.floor(Math.random() * 36).toString(36)).join('');
  const ready = report.categories.every((category) => category.pass);
  const categoryRows = report.categories
    .map(
      (category) =>
        `<tr class="${category.pass ? 'pass' : 'fail'}"><td>${category.pass ? '✔ pass' : '✘ fail'}</td><td>${escape(category.title)}</td>` +
        `<td>${category.counts.error}</td><td>${category.counts.warning}</td><td>${category.counts.info}</td></tr>`,
    )
    .join('');
  const fileSections = report.files
    .map((file) => {
      const items = file.findings
        .map((finding) => {
          const where = `${finding.cell !== undefined ? `${cellLabel(finding.cell)}, ` : ''}${finding.line + 1}:${finding.column + 1}`;
          const data = escape(JSON.stringify({ path: file.path, line: finding.line, column: finding.column, cell: finding.cell }));
          return `<li class="${finding.severity}"><a href="#" data-open="${data}">${escape(where)}</a> <span class="sev">${finding.severity}</span> <code>${escape(finding.ruleId)}</code> ${escape(finding.message)}</li>`;
        })
        .join('');
      return `<h3>${escape(file.relative)}</h3><ul>${items}</ul>`;
    })
    .join('');
  const skipped = report.skipped.length
    ? `<h2>Skipped</h2><ul>${report.skipped.map((file) => `<li>${escape(file.relative)}: ${escape(file.reason)}</li>`).join('')}</ul>`
    : '';
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<style nonce="${nonce}">
body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);padding:0 1em}
table{border-collapse:collapse}td,th{padding:2px 10px;text-align:left}
tr.pass td:first-child{color:var(--vscode-testing-iconPassed,green)}tr.fail td:first-child{color:var(--vscode-testing-iconFailed,red)}
li{margin:2px 0}.sev{opacity:.7}code{font-family:var(--vscode-editor-font-family)}
</style></head><body>
<h1>${ready ? 'Ready for production' : 'Not ready for production yet'}</h1>
<p>${report.fileCount} files checked in ${(report.durationMs / 1000).toFixed(1)} s, ${report.findingCount} findings${report.cancelled ? ' (cancelled: partial results)' : ''}.</p>
<table><thead><tr><th></th><th>Category</th><th>errors</th><th>warnings</th><th>info</th></tr></thead><tbody>${categoryRows}</tbody></table>
<h2>Findings by file</h2>${fileSections || '<p>None.</p>'}${skipped}
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-open]');
  if (!link) return;
  event.preventDefault();
  vscode.postMessage({ open: JSON.parse(link.dataset.open) });
});
</script></body></html>`;
}

/** The same report as Markdown (for copying into a pull request or CI summary). */
export function renderMarkdown(report: ReadinessReport): string {
  const lines = [`# Production readiness: ${report.categories.every((c) => c.pass) ? 'ready' : 'not ready'}`, ''];
  lines.push('| | category | errors | warnings | info |', '|---|---|---|---|---|');
  for (const category of report.categories) {
    lines.push(
      `| ${category.pass ? 'pass' : 'fail'} | ${category.title} | ${category.counts.error} | ${category.counts.warning} | ${category.counts.info} |`,
    );
  }
  for (const file of report.files) {
    lines.push('', `## ${file.relative}`, '');
    for (const finding of file.findings) {
      const cell = finding.cell !== undefined ? ` (${cellLabel(finding.cell)})` : '';
      lines.push(
        `- ${file.relative}:${finding.line + 1}:${finding.column + 1}${cell} ${finding.severity} \`${finding.ruleId}\` ${finding.message}`,
      );
    }
  }
  return lines.join('\n') + '\n';
}
