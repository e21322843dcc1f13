import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, prodreadDiagnostics, settled } from './helpers';

interface SnippetContribution {
  language: string;
  path: string;
}

describe('snippets', () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  const contributions: SnippetContribution[] = extension.packageJSON.contributes.snippets;
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('covers the production patterns issue 5 asks for', () => {
    const all = contributions.flatMap((contribution) =>
      Object.keys(JSON.parse(fs.readFileSync(path.join(extension.extensionPath, contribution.path), 'utf8'))),
    );
    for (const wanted of [
      'FastAPI inference endpoint',
      'HTTP client with timeout and retry',
      'LLM call with timeout',
      'Dockerfile for a model server',
      'Kubernetes container resources and probes',
    ]) {
      assert.ok(
        all.some((name) => name.startsWith(wanted)),
        `a snippet "${wanted}"`,
      );
    }
  });

  for (const contribution of contributions) {
    it(`every ${contribution.language} snippet, inserted into an empty file, produces no prodready finding`, async function () {
      this.timeout(60_000);
      const snippets: Record<string, { body: string[] }> = JSON.parse(
        fs.readFileSync(path.join(extension.extensionPath, contribution.path), 'utf8'),
      );
      for (const [name, snippet] of Object.entries(snippets)) {
        const document = await vscode.workspace.openTextDocument({ language: contribution.language, content: '' });
        const editor = await vscode.window.showTextDocument(document);
        assert.ok(await editor.insertSnippet(new vscode.SnippetString(snippet.body.join('\n'))), `${name} inserted`);
        assert.ok(document.getText().length > 50, `${name} has a body`);
        const findings = await settled(document.uri);
        assert.deepStrictEqual(
          findings.map(
            (diagnostic) =>
              `${String((diagnostic.code as { value: string }).value)} at ${diagnostic.range.start.line + 1}: ${diagnostic.message}`,
          ),
          [],
          `${contribution.language} snippet "${name}"`,
        );
        assert.deepStrictEqual(prodreadDiagnostics(document.uri), []);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
    });
  }
});
