import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { closeAllEditors, copyFixture, open, prodreadDiagnostics, ruleOf, settled, sleep } from './helpers';

/** Types `text` at the end of the active editor one character at a time, as a user would. */
async function typeAtEnd(editor: vscode.TextEditor, text: string): Promise<number> {
  for (const character of text) {
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    assert.ok(await editor.edit((builder) => builder.insert(end, character)));
  }
  return performance.now();
}

const SECRET = 'OPENAI_API_KEY = "sk-proj-4f9Qx7LmZ2vR8tK1bN6cW3yH5jD0sA9e"\n';

describe('fix all on save (editor.codeActionsOnSave: source.fixAll.prodready)', () => {
  const editorConfig = () => vscode.workspace.getConfiguration('editor');

  before(async () => {
    await editorConfig().update('codeActionsOnSave', { 'source.fixAll.prodready': 'explicit' }, vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await closeAllEditors();
    await editorConfig().update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('applies the safe fixes, typed ones included, when the file is saved within 100 ms of the last keystroke', async () => {
    const relative = copyFixture('service/fix_all.py', 'save_right_after_typing.py');
    const { document } = await open(relative);
    const editor = vscode.window.activeTextEditor!;
    assert.strictEqual(editor.document, document);
    // The new line's analysis is still inside the 300 ms typing debounce when the save starts.
    const lastKeystroke = await typeAtEnd(editor, `api2 = FastAPI(debug=True)\n${SECRET}`);
    await sleep(20);
    const saveStarted = performance.now();
    await vscode.commands.executeCommand('workbench.action.files.save');
    assert.ok(saveStarted - lastKeystroke < 100, `saved ${Math.round(saveStarted - lastKeystroke)} ms after the last keystroke`);

    const text = document.getText();
    assert.strictEqual(document.isDirty, false, 'the save completed');
    assert.doesNotMatch(text, /debug=True|debug = True/, text);
    assert.match(
      text,
      /^api2 = FastAPI\(debug=os\.environ\.get\("DEBUG", "0"\) == "1"\)$/m,
      'the line typed just before the save was fixed',
    );
    assert.match(text, /^import os$/m);
    // The hardcoded-secret fix is unsafe (it needs the deployment to set the variable): never on save.
    assert.ok(text.endsWith(SECRET), 'the unsafe secret fix was not applied');
    assert.strictEqual(fs.readFileSync(document.uri.fsPath, 'utf8'), text, 'the fixed text is what was written to disk');
    const left = await settled(document.uri);
    assert.deepStrictEqual(
      left.map(ruleOf).filter((rule) => rule === 'debug-mode'),
      [],
    );
    assert.ok(prodreadDiagnostics(document.uri).some((diagnostic) => ruleOf(diagnostic) === 'hardcoded-secret'));
  });

  it('fixes the saved text when run: onSave left it unanalysed', async () => {
    const prodready = vscode.workspace.getConfiguration('prodready');
    await prodready.update('run', 'onSave', vscode.ConfigurationTarget.Workspace);
    try {
      const relative = copyFixture('service/fix_all.py', 'save_on_save_mode.py');
      const { document } = await open(relative);
      const editor = vscode.window.activeTextEditor!;
      await typeAtEnd(editor, 'api3 = FastAPI(debug=True)\n');
      await vscode.commands.executeCommand('workbench.action.files.save');
      assert.doesNotMatch(document.getText(), /debug=True|debug = True/, document.getText());
    } finally {
      await prodready.update('run', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
