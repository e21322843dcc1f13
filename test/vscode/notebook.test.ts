import * as assert from 'assert';
import * as vscode from 'vscode';
import { prodreadDiagnostics, ruleOf, settled, waitFor, workspaceUri } from './helpers';

describe('notebooks', () => {
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('gives a notebook cell its diagnostic, positioned inside the cell', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(workspaceUri('notebooks', 'explore.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    const cell = notebook.cellAt(2);
    await settled(cell.document.uri);
    const diagnostics = await waitFor('the cell diagnostic', () => {
      const found = prodreadDiagnostics(cell.document.uri);
      return found.length > 0 && found;
    });
    const debug = diagnostics.find((diagnostic) => ruleOf(diagnostic) === 'debug-mode');
    assert.ok(debug);
    const start = cell.document.getText().indexOf('True');
    assert.deepStrictEqual(debug.range, new vscode.Range(cell.document.positionAt(start), cell.document.positionAt(start + 4)));
    assert.deepStrictEqual(prodreadDiagnostics(notebook.cellAt(1).document.uri), []);
  });
});
