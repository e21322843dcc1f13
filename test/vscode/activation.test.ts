import * as assert from 'assert';
import { createRequire } from 'module';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, prodready } from './helpers';
import { recordMeasurement } from './measurements';

describe('activation', () => {
  it('activates without parsing anything and registers its commands', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is installed in the host`);
    const started = performance.now();
    const api = await prodready();
    const wall = performance.now() - started;
    assert.strictEqual(extension.isActive, true);
    recordMeasurement('activationMs', api.activationMs);
    recordMeasurement('activateCallMs', wall);
    // Commands of an extension are listed only once it is active (true in code-server too).
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['prodready.checkReadiness', 'prodready.showReport', 'prodready.showRuleDocs']) {
      assert.ok(commands.includes(command), `${command} is registered`);
    }
    assert.ok(api.activationMs < 500, `activate() took ${api.activationMs.toFixed(1)} ms`);
  });

  it('declares untrusted-workspace support and limited activation events', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    assert.strictEqual(manifest.capabilities.untrustedWorkspaces.supported, true);
    assert.ok(!manifest.activationEvents.includes('*'), 'never activates on startup for every workspace');
    assert.ok(manifest.activationEvents.includes('onLanguage:python'));
  });

  it('runs in a copy of the example workspace', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.strictEqual(folders.length, 1);
    assert.strictEqual(folders[0].uri.scheme, 'file');
  });

  it('loads its bundle quickly (parsers load lazily, on first use)', () => {
    const bundle = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'extension.js');
    const cached = require.cache[bundle];
    delete require.cache[bundle];
    try {
      const started = performance.now();
      createRequire(__filename)(bundle);
      const loadMs = performance.now() - started;
      recordMeasurement('bundleLoadMs', loadMs);
      assert.ok(loadMs < 2000, `loading dist/extension.js took ${loadMs.toFixed(0)} ms`);
    } finally {
      if (cached) require.cache[bundle] = cached;
    }
  });
});
