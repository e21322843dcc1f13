import * as assert from 'assert';
import * as vscode from 'vscode';
import { closeAllEditors, codeActions, copyFixture, open, prodreadDiagnostics, ruleOf, settled } from './helpers';

async function apply(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit, `${action.title} carries an edit`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), `${action.title} applied`);
}

describe('code actions', () => {
  after(closeAllEditors);

  it('offers fix (preferred), fix all of the rule, disable for this line and documentation', async () => {
    const relative = copyFixture('service/fix_all.py', 'actions_offered.py');
    const { document, diagnostics } = await open(relative);
    const first = diagnostics.find((diagnostic) => ruleOf(diagnostic) === 'debug-mode')!;
    const actions = await codeActions(document.uri, first.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((action) => action.title);
    const preferred = actions.filter((action) => action.isPreferred);
    assert.strictEqual(preferred.length, 1, titles.join(' | '));
    assert.ok(
      titles.some((title) => title.startsWith("Fix all 3 'debug-mode'")),
      titles.join(' | '),
    );
    assert.ok(titles.includes("Disable 'debug-mode' for this line"), titles.join(' | '));
    const docs = actions.find((action) => action.title === "Show documentation for 'debug-mode'");
    assert.strictEqual(docs?.command?.command, 'prodready.showRuleDocs');
    await vscode.commands.executeCommand('prodready.showRuleDocs', 'debug-mode');
  });

  it('each quick fix removes its own diagnostic', async () => {
    const relative = copyFixture('service/fix_all.py', 'quick_fixes.py');
    const { document } = await open(relative);
    for (let round = 0; round < 10; round++) {
      const diagnostics = (await settled(document.uri)).filter((diagnostic) => ruleOf(diagnostic) === 'debug-mode');
      if (!diagnostics.length) break;
      const target = diagnostics[0];
      const fix = (await codeActions(document.uri, target.range, vscode.CodeActionKind.QuickFix.value)).find(
        (action) => action.isPreferred,
      );
      assert.ok(fix, `a preferred fix for the finding at line ${target.range.start.line + 1}`);
      await apply(fix);
      const after = (await settled(document.uri)).filter((diagnostic) => ruleOf(diagnostic) === 'debug-mode');
      assert.strictEqual(after.length, diagnostics.length - 1, `fix "${fix.title}" removed exactly its diagnostic`);
    }
    assert.strictEqual(prodreadDiagnostics(document.uri).filter((diagnostic) => ruleOf(diagnostic) === 'debug-mode').length, 0);
    assert.match(document.getText(), /^import os$/m);
  });

  it("'fix all of this rule' clears the rule from the file", async () => {
    const relative = copyFixture('service/fix_all.py', 'fix_rule.py');
    const { document, diagnostics } = await open(relative);
    const first = diagnostics.find((diagnostic) => ruleOf(diagnostic) === 'debug-mode')!;
    const fixAll = (await codeActions(document.uri, first.range, vscode.CodeActionKind.QuickFix.value)).find((action) =>
      action.title.startsWith('Fix all'),
    );
    assert.ok(fixAll);
    await apply(fixAll);
    assert.strictEqual((await settled(document.uri)).filter((diagnostic) => ruleOf(diagnostic) === 'debug-mode').length, 0);
  });

  it('source.fixAll.prodready applies every safe fix', async () => {
    const relative = copyFixture('service/fix_all.py', 'source_fix_all.py');
    const { document } = await open(relative);
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const actions = await codeActions(document.uri, whole, 'source.fixAll.prodready');
    assert.strictEqual(actions.length, 1, actions.map((action) => action.title).join(' | '));
    await apply(actions[0]);
    const left = await settled(document.uri);
    assert.deepStrictEqual(
      left.filter((diagnostic) => ruleOf(diagnostic) === 'debug-mode'),
      [],
    );
  });

  it("'disable for this line' inserts a suppression comment that silences the finding", async () => {
    const relative = copyFixture('service/app.py', 'suppressed_app.py');
    const { document, diagnostics } = await open(relative);
    const target = diagnostics.find((diagnostic) => ruleOf(diagnostic) === 'debug-mode')!;
    const disable = (await codeActions(document.uri, target.range, vscode.CodeActionKind.QuickFix.value)).find((action) =>
      action.title.startsWith('Disable'),
    );
    assert.ok(disable);
    await apply(disable);
    assert.match(document.getText(), /^ {4}# prodready: ignore\[debug-mode\]\n {4}app\.run/m);
    assert.strictEqual((await settled(document.uri)).filter((diagnostic) => ruleOf(diagnostic) === 'debug-mode').length, 0);
  });

  it('a hand-written suppression comment on the line silences the finding', async () => {
    const relative = copyFixture('service/app.py', 'hand_suppressed.py');
    const { document } = await open(relative);
    const line = document
      .getText()
      .split('\n')
      .findIndex((text) => text.includes('debug=True'));
    const end = document.lineAt(line).range.end;
    await vscode.window.activeTextEditor!.edit((builder) => builder.insert(end, '  # prodready: ignore[debug-mode]'));
    assert.strictEqual((await settled(document.uri)).filter((diagnostic) => ruleOf(diagnostic) === 'debug-mode').length, 0);
  });
});
