import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { analyzeText } from '../../src/session/engine';
import { fileKindOf } from '../../src/core/fileKinds';
import { closeAllEditors, copyFixture, open, prodreadDiagnostics, ruleOf, settled, waitFor, workspaceUri } from './helpers';

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

function analysableFiles(root: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.git') continue;
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) out.push(...analysableFiles(full));
    else {
      const kind = fileKindOf(full);
      if (kind && kind !== 'notebook' && kind !== 'lockfile') out.push(full);
    }
  }
  return out.sort();
}

describe('diagnostics while coding', () => {
  after(closeAllEditors);

  it('reports a finding with source, rule id, docs link, severity and exact range', async () => {
    const { document, diagnostics } = await open('service/app.py');
    const debug = diagnostics.find((diagnostic) => ruleOf(diagnostic) === 'debug-mode');
    assert.ok(debug, `debug-mode reported; got ${diagnostics.map(ruleOf).join(', ') || 'nothing'}`);
    const start = document.getText().indexOf('debug=True') + 'debug='.length;
    assert.deepStrictEqual(debug.range, new vscode.Range(document.positionAt(start), document.positionAt(start + 4)));
    assert.strictEqual(debug.source, 'prodready');
    assert.strictEqual(debug.severity, vscode.DiagnosticSeverity.Error);
    const code = debug.code as { value: string; target: vscode.Uri };
    assert.strictEqual(code.value, 'debug-mode');
    assert.ok(code.target.path.endsWith('/docs/rules/debug-mode.md'), code.target.toString());
    assert.ok(debug.message.length > 20, 'the message says why it matters');
  });

  it('gives every file of the example workspace the same findings as the analysis core (rule ids and ranges)', async function () {
    this.timeout(180_000);
    const files = analysableFiles(workspaceUri().fsPath);
    assert.ok(files.length > 0);
    let compared = 0;
    for (const file of files) {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      const diagnostics = await settled(document.uri);
      const expected = await analyzeText({ path: file, text: document.getText() });
      const describe = (items: { rule: string; range: vscode.Range; severity: vscode.DiagnosticSeverity }[]) =>
        items
          .map(
            (item) =>
              `${item.rule}@${item.range.start.line + 1}:${item.range.start.character + 1}-${item.range.end.line + 1}:${item.range.end.character + 1}/${item.severity}`,
          )
          .sort();
      assert.deepStrictEqual(
        describe(diagnostics.map((diagnostic) => ({ rule: ruleOf(diagnostic), range: diagnostic.range, severity: diagnostic.severity }))),
        describe(
          expected.findings.map((finding) => ({
            rule: finding.ruleId,
            range: new vscode.Range(document.positionAt(finding.start), document.positionAt(finding.end)),
            severity: SEVERITY[finding.severity],
          })),
        ),
        path.relative(workspaceUri().fsPath, file),
      );
      compared++;
    }
    assert.strictEqual(compared, files.length);
  });

  it('re-analyses while typing (debounced) and publishes only the latest version', async () => {
    const relative = copyFixture('service/app.py', 'typing_app.py');
    const { document, diagnostics } = await open(relative);
    const before = diagnostics.filter((diagnostic) => ruleOf(diagnostic) === 'debug-mode').length;
    const editor = vscode.window.activeTextEditor!;
    // Several quick edits, as typing produces; only the final text may be published.
    const line = '\nserver_debug = app.debug = True\n';
    for (const ch of line) {
      await editor.edit((builder) => builder.insert(document.positionAt(document.getText().length), ch));
    }
    const after = await waitFor('the new finding', async () => {
      const current = await settled(document.uri);
      return current.filter((diagnostic) => ruleOf(diagnostic) === 'debug-mode').length > before && current;
    });
    const expected = await analyzeText({ path: document.uri.fsPath, text: document.getText() });
    assert.strictEqual(after.length, expected.findings.length);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('in onSave mode re-analyses on save, not while typing', async () => {
    const config = vscode.workspace.getConfiguration('prodready');
    await config.update('run', 'onSave', vscode.ConfigurationTarget.Workspace);
    try {
      const relative = copyFixture('service/app.py', 'on_save_app.py');
      const { document, diagnostics } = await open(relative);
      const editor = vscode.window.activeTextEditor!;
      await editor.edit((builder) => builder.insert(document.positionAt(document.getText().length), '\napp.debug = True\n'));
      await new Promise((resolve) => setTimeout(resolve, 700));
      assert.strictEqual(prodreadDiagnostics(document.uri).length, diagnostics.length, 'unchanged while typing');
      await document.save();
      await waitFor('diagnostics after save', () => prodreadDiagnostics(document.uri).length > diagnostics.length);
    } finally {
      await config.update('run', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
