import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import * as vscode from 'vscode';
import { renderMarkdown } from '../../src/vscode/reportView';
import { EXTENSION_ID, prodready, prodreadDiagnostics, ruleOf, settled, waitFor, workspaceUri } from './helpers';

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

  it('names a cell the same in the editor, its report and the CLI text: the third cell is "cell 3"', async function () {
    this.timeout(120_000);
    const uri = workspaceUri('notebooks', 'explore.ipynb');
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    const cell = notebook.cellAt(2); // after a markdown cell and a code cell
    assert.strictEqual(cell.kind, vscode.NotebookCellKind.Code);
    const shown = `cell ${cell.index + 1}`; // what VS Code's notebook UI counts
    const api = await prodready();
    const report = await api.checkWorkspace();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    // A hardcoded secret: it applies in notebooks too (anywhere but tests). The notebook is open, so
    // its findings are listed once, on its cells, and not again on the .ipynb by the workspace check.
    const inCell = (await settled(cell.document.uri)).find((diagnostic) => ruleOf(diagnostic) === 'hardcoded-secret');
    assert.ok(inCell, 'the third cell shows the finding');
    assert.deepStrictEqual(prodreadDiagnostics(uri).map(ruleOf), [], 'an open notebook is not listed a second time at the .ipynb');
    const fromReport = /\((cell \d+)\) error `hardcoded-secret`/.exec(renderMarkdown(report));
    assert.ok(fromReport, renderMarkdown(report));

    const cli = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
    const run = spawnSync(process.execPath, [cli, 'check', 'notebooks/explore.ipynb', '--fail-on', 'never'], {
      cwd: workspaceUri().fsPath,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    assert.strictEqual(run.status, 0, run.stderr);
    const fromCli = /^notebooks\/explore\.ipynb:2:\d+: error hardcoded-secret .*\[(cell \d+)\]$/m.exec(run.stdout);
    assert.ok(fromCli, run.stdout);

    assert.deepStrictEqual(
      {
        editor: `cell ${notebook.getCells().findIndex((c) => c.document.uri.toString() === cell.document.uri.toString()) + 1}`,
        report: fromReport[1],
        cli: fromCli[1],
      },
      { editor: shown, report: shown, cli: shown },
    );
  });
});
