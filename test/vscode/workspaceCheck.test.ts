import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, prodready, prodreadDiagnostics, ruleOf, waitFor, workspaceUri, writeOutput } from './helpers';
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
    // Each finding of the report is a link: the command behind it opens the location.
    const linked = report.files.find((file) => file.relative === 'unopened/written_for_the_check.py')!.findings[0];
    await vscode.commands.executeCommand('prodready.openFinding', { path: unopened.fsPath, line: linked.line, column: linked.column });
    const editor = vscode.window.activeTextEditor;
    assert.strictEqual(editor?.document.uri.toString(), unopened.toString());
    assert.deepStrictEqual(editor.selection.active, new vscode.Position(linked.line, linked.column));
    assert.match(api.statusText(), /prodready: \d+/);
  });

  it('reports the same findings as the command line for the example services (cross-file rules included)', async function () {
    this.timeout(120_000);
    const api = await prodready();
    const report = api.lastReport() ?? (await api.checkWorkspace());
    const root = workspaceUri().fsPath;
    const examples = fs
      .readdirSync(root)
      .filter((name) => fs.existsSync(path.join(root, name, 'app')) || name.startsWith('fraud-') || name.startsWith('gateway-'));
    if (!examples.length) this.skip();
    const cli = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
    const run = spawnSync(process.execPath, [cli, 'check', '.', '--format', 'json', '--fail-on', 'never'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.strictEqual(run.status, 0, run.stderr);
    const fromCli = (JSON.parse(run.stdout) as { findings: { path: string; rule: string; line: number; column: number }[] }).findings
      .filter((finding) => examples.some((name) => finding.path.startsWith(`${name}/`)))
      .map((finding) => `${finding.path}:${finding.line}:${finding.column} ${finding.rule}`)
      .sort();
    const fromEditor = report.files
      .filter((file) => examples.some((name) => file.relative.startsWith(`${name}/`)))
      .flatMap((file) => file.findings.map((finding) => `${file.relative}:${finding.line + 1}:${finding.column + 1} ${finding.ruleId}`))
      .sort();
    assert.ok(fromCli.length > 0);
    assert.deepStrictEqual(fromEditor, fromCli);
  });
});
