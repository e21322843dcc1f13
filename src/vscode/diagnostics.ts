import * as vscode from 'vscode';
import type { Finding, Severity } from '../core/types';
import { LineIndex } from '../core/text';

export const DIAGNOSTIC_SOURCE = 'prodready';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** The packaged (offline) documentation page of a rule. */
export function ruleDocsUri(extensionUri: vscode.Uri, ruleId: string): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${ruleId}.md`);
}

export function rangeOf(lines: LineIndex, start: number, end: number): vscode.Range {
  const from = lines.position(start);
  const to = lines.position(Math.max(start, end));
  return new vscode.Range(from.line, from.column, to.line, to.column);
}

export function toDiagnostic(finding: Finding, lines: LineIndex, extensionUri: vscode.Uri): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(rangeOf(lines, finding.start, finding.end), finding.message, SEVERITY[finding.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: finding.ruleId, target: ruleDocsUri(extensionUri, finding.ruleId) };
  return diagnostic;
}

export function ruleIdOf(diagnostic: vscode.Diagnostic): string | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return code === undefined ? undefined : String(code);
}
