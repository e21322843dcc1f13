import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { prodready, prodreadDiagnostics, ruleOf, waitFor, workspaceUri, writeOutput } from './helpers';
import { recordMeasurement } from './measurements';
import { renderMarkdown } from '../../src/vscode/reportView';

describe('Check Production Readiness', () => {
  it('fills the Problems panel for files never opened and reports per category', async function () {
    this.timeout(120_000);
    const api = await prodready();
    // Written just now, so no earlier test can have opened it.
    const unopened = workspaceUri('unopened', 'written_for_the_check.py');
    fs.writeFileSync(unopened.fsPath, fs.readFileSync(workspaceUri('unopened', 'never_opened.py').fsPath));
    assert.ok(!vscode.workspace.textDocuments.some((document) => document.uri.toString() === unopened.toString()));
    assert.deepStrictEqual(prodreadDiagnostics(unopened), []);
    const report = await vscode.commands.executeCommand<Awaited<ReturnType<typeof api.checkWorkspace>>>('prodready.checkReadiness');
    assert.ok(report, 'the command returns the report');
    recordMeasurement('readinessScanMs', report.durationMs);
    recordMeasurement('readinessScanFiles', report.fileCount);
    assert.ok(
      prodreadDiagnostics(unopened).some((diagnostic) => ruleOf(diagnostic) === 'debug-mode'),
      'the unopened file got its diagnostics',
    );
    assert.deepStrictEqual(
      report.categories.map((category) => category.id),
      ['resilience', 'observability', 'configuration', 'latency-cost', 'input-contracts', 'deployment'],
    );
    const configuration = report.categories.find((category) => category.id === 'configuration')!;
    assert.strictEqual(configuration.pass, false);
    assert.ok(configuration.counts.error > 0);
    assert.ok(report.files.some((file) => file.relative === 'unopened/written_for_the_check.py'));
    assert.strictEqual(api.lastReport(), report);
    const tabLabels = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.label));
    await waitFor(`the report tab (tabs: ${tabLabels().join(', ')})`, () => tabLabels().includes('Production readiness'));
    writeOutput('readiness-report.md', renderMarkdown(report));
    assert.match(api.statusText(), /prodready: \d+/);
  });
});
