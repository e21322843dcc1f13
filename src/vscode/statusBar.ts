import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

/** Shows the open prodready problem count; a click opens (or produces) the readiness report. */
export class ProblemsStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('prodready.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly collection: vscode.DiagnosticCollection) {
    this.item.name = 'prodready';
    this.item.command = 'prodready.showReport';
    this.subscription = vscode.languages.onDidChangeDiagnostics(() => {
      this.pending ??= setTimeout(() => {
        this.pending = undefined;
        this.update();
      }, 200);
    });
    this.update();
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  update(): void {
    let errors = 0;
    let others = 0;
    this.collection.forEach((_uri, diagnostics) => {
      for (const diagnostic of diagnostics) {
        if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
        if (diagnostic.severity === vscode.DiagnosticSeverity.Error) errors++;
        else others++;
      }
    });
    const total = errors + others;
    this.item.text = total === 0 ? '$(pass) prodready' : `$(warning) prodready: ${total}`;
    this.item.tooltip =
      total === 0
        ? 'No production-readiness problems in checked files. Click for the readiness report.'
        : `${errors} errors, ${others} warnings/info. Click for the readiness report.`;
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.subscription.dispose();
    this.item.dispose();
  }
}
