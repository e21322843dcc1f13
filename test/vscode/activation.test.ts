import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';

describe('activation', () => {
  it('activates and registers its commands', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is installed in the host`);
    await extension.activate();
    assert.strictEqual(extension.isActive, true);
    // Commands of an extension are listed only once it is active (true in code-server too).
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('prodready.checkReadiness'), 'prodready.checkReadiness is registered');
  });

  it('runs in a workspace copied from the fixtures', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.strictEqual(folders.length, 1);
    assert.strictEqual(folders[0].uri.scheme, 'file');
  });
});
