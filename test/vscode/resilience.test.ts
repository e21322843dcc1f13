import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { closeAllEditors, prodready, prodreadDiagnostics, ruleOf, settled, sleep, waitFor, workspaceUri } from './helpers';
import { recordMeasurement } from './measurements';

/** Rejections nobody handled while this suite ran, from prodready's own code. */
const unhandled: string[] = [];
const onRejection = (reason: unknown) => {
  const stack = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
  if (/prodready|dist[\\/](extension|scanWorker)\.js/.test(stack)) unhandled.push(stack);
};

const SERVING = 'import requests\n\n\ndef handler():\n    return requests.get("http://model:8080/predict").json()\n';

describe('resilience in the editor', () => {
  before(() => process.on('unhandledRejection', onRejection));
  after(async () => {
    process.off('unhandledRejection', onRejection);
    await closeAllEditors();
  });

  it('a file the engine cannot analyse is named in the "prodready" output channel, and other documents keep working', async function () {
    this.timeout(60_000);
    const api = await prodready();
    const folder = workspaceUri('resilience');
    fs.mkdirSync(folder.fsPath, { recursive: true });
    // Sends tree-sitter's error recovery into super-linear time: the parse budget cancels it.
    const hostile = path.join(folder.fsPath, 'pathological.py');
    fs.writeFileSync(hostile, '~/'.repeat(10_000) + '\n');
    const healthy = path.join(folder.fsPath, 'healthy.py');
    fs.writeFileSync(healthy, SERVING);

    const bad = await vscode.workspace.openTextDocument(hostile);
    await vscode.window.showTextDocument(bad);
    const good = await vscode.workspace.openTextDocument(healthy);
    await vscode.window.showTextDocument(good, { preview: false });
    assert.deepEqual(
      (await settled(good.uri)).map(ruleOf),
      ['missing-timeout'],
      'the healthy file opened while the pathological one was parsed still gets its finding',
    );
    await settled(bad.uri);
    assert.deepEqual(prodreadDiagnostics(bad.uri), [], 'no diagnostics for a file that was not analysed');
    const logged = await waitFor('the skipped file in the output channel', () =>
      api.recentProblems().find((line) => line.includes('pathological.py') && /not analysed: parsing took over/.test(line)),
    );
    assert.match(logged, /resilience[\\/]pathological\.py: not analysed/);

    // And typing in the healthy file is still analysed.
    const editor = await vscode.window.showTextDocument(good);
    await editor.edit((edit) => edit.insert(new vscode.Position(4, 0), '    requests.post("http://model:8080/feedback")\n'));
    await waitFor('a second missing-timeout after typing', async () => {
      const rules = (await settled(good.uri)).map(ruleOf);
      return rules.filter((rule) => rule === 'missing-timeout').length === 2;
    });
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('closing documents frees their parse trees: 1,000 opened and closed', async function () {
    this.timeout(600_000);
    const api = await prodready();
    await closeAllEditors();
    const folder = workspaceUri('many');
    fs.mkdirSync(folder.fsPath, { recursive: true });
    const COUNT = 1000;
    const files: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      const file = path.join(folder.fsPath, `service_${i}.py`);
      fs.writeFileSync(file, SERVING.replace('handler', `handler_${i}`));
      files.push(file);
    }
    const heap: number[] = [];
    let closed = 0;
    const closing = vscode.workspace.onDidCloseTextDocument((document) => {
      if (document.uri.fsPath.startsWith(folder.fsPath)) closed++;
    });
    const started = Date.now();
    // Opened as an extension opens files (no editor): VS Code keeps the most recent ones and closes
    // the older as more are opened, which is when prodready must let go of their parse trees.
    for (let i = 0; i < COUNT; i++) {
      const document = await vscode.workspace.openTextDocument(files[i]);
      await waitFor(`diagnostics of ${path.basename(files[i])}`, () => prodreadDiagnostics(document.uri).length > 0);
      if (i % 100 === 99) heap.push(process.memoryUsage().heapUsed);
    }
    const elapsed = Date.now() - started;
    closing.dispose();
    await sleep(500);
    const trees = await waitFor(
      'parse trees released',
      () => {
        const count = api.cachedParseTrees();
        return count <= 60 ? { count } : undefined;
      },
      30_000,
    ).catch(() => ({ count: api.cachedParseTrees() }));
    const open = vscode.workspace.textDocuments.filter((document) => document.uri.fsPath.startsWith(folder.fsPath)).length;
    recordMeasurement('openClose1000Ms', elapsed);
    recordMeasurement('openClose1000ParseTreesAfter', trees.count);
    recordMeasurement('openClose1000DocumentsStillInHost', open);
    recordMeasurement('openClose1000HeapGrowthMB', (heap[heap.length - 1] - heap[1]) / 1e6);
    assert.ok(closed >= COUNT / 2, `VS Code closed only ${closed} of the ${COUNT} documents: the test measured nothing`);
    // Bounded: at most the trees of the documents the host still holds, never one per document ever opened.
    assert.ok(trees.count <= open + 1, `${trees.count} parse trees held for ${open} documents the host still has open`);
    assert.ok(trees.count < COUNT / 10, `${trees.count} parse trees held after closing ${COUNT} documents`);
    // The readiness scan test that follows must see the workspace as the example services left it.
    fs.rmSync(folder.fsPath, { recursive: true, force: true });
    fs.rmSync(workspaceUri('resilience').fsPath, { recursive: true, force: true });
    const growthMB = (heap[heap.length - 1] - heap[1]) / 1e6;
    assert.ok(growthMB < 100, `the extension host heap grew ${growthMB.toFixed(0)} MB from 200 to ${COUNT} documents`);
  });

  it('no unhandled promise rejection came from prodready', () => {
    assert.deepEqual(unhandled, []);
  });
});
