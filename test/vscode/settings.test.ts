import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { closeAllEditors, open, prodreadDiagnostics, ruleOf, waitFor, workspaceUri } from './helpers';

const severityOf = (uri: vscode.Uri) => prodreadDiagnostics(uri).find((diagnostic) => ruleOf(diagnostic) === 'debug-mode')?.severity;

describe('settings', () => {
  after(closeAllEditors);

  it('a per-rule severity setting changes open diagnostics at once', async () => {
    const { document } = await open('service/debug_settings.py');
    assert.strictEqual(severityOf(document.uri), vscode.DiagnosticSeverity.Error);
    const config = vscode.workspace.getConfiguration('prodready');
    try {
      await config.update('rules.debug-mode', 'warning', vscode.ConfigurationTarget.Workspace);
      await waitFor('warning severity', () => severityOf(document.uri) === vscode.DiagnosticSeverity.Warning);
      await config.update('rules.debug-mode', 'off', vscode.ConfigurationTarget.Workspace);
      await waitFor('the rule switched off', () => severityOf(document.uri) === undefined);
    } finally {
      await config.update('rules.debug-mode', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('the default severity back', () => severityOf(document.uri) === vscode.DiagnosticSeverity.Error);
  });

  it('a .prodready.yaml severity applies in the editor too', async () => {
    const { document } = await open('service/debug_settings.py');
    const configFile = workspaceUri('.prodready.yaml').fsPath;
    const previous = fs.existsSync(configFile) ? fs.readFileSync(configFile, 'utf8') : undefined;
    try {
      fs.writeFileSync(configFile, 'rules:\n  debug-mode: info\n');
      await waitFor('info severity from .prodready.yaml', () => severityOf(document.uri) === vscode.DiagnosticSeverity.Information);
    } finally {
      if (previous === undefined) fs.rmSync(configFile);
      else fs.writeFileSync(configFile, previous);
    }
    await waitFor('the default severity back', () => severityOf(document.uri) === vscode.DiagnosticSeverity.Error);
  });

  it('prodready.enable: false clears diagnostics', async () => {
    const { document } = await open('service/debug_settings.py');
    const config = vscode.workspace.getConfiguration('prodready');
    try {
      await config.update('enable', false, vscode.ConfigurationTarget.Workspace);
      await waitFor('no diagnostics', () => prodreadDiagnostics(document.uri).length === 0);
    } finally {
      await config.update('enable', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('diagnostics back', () => prodreadDiagnostics(document.uri).length > 0);
  });
});
