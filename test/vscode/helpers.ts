import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ProdreadApi } from '../../src/extension';

export const EXTENSION_ID = 'prodready.prodready';

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the suite needs an open workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export async function prodready(): Promise<ProdreadApi> {
  const extension = vscode.extensions.getExtension<ProdreadApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is installed in the host`);
  return extension.activate();
}

export function prodreadDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'prodready');
}

export function ruleOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the extension has scanned the project and has neither pending nor running analysis for the document. */
export async function settled(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  const api = await prodready();
  await api.whenProjectScanned();
  // The open/change event reaches the extension asynchronously: give it a moment, then wait it out.
  for (let round = 0; round < 3; round++) {
    await sleep(30);
    await api.whenIdle(uri);
  }
  return prodreadDiagnostics(uri);
}

export interface CliFinding {
  rule: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'info';
  cell: number | null;
}

/**
 * `prodready check <workspace> --format json`, run by the CLI's own code in this process: what the
 * editor must show for each file (saved text). Keyed by the absolute path of the file.
 */
export async function cliFindings(): Promise<Map<string, CliFinding[]>> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { run } = require('../../src/cli/run') as typeof import('../../src/cli/run');
  const root = workspaceUri().fsPath;
  let out = '';
  const status = await run(['check', root, '--format', 'json', '--fail-on', 'never'], {
    stdout: (text) => (out += text),
    stderr: () => undefined,
    readStdin: async () => '',
    cwd: root,
  });
  assert.strictEqual(status, 0);
  const report = JSON.parse(out) as { findings: Array<CliFinding & { path: string }> };
  const byFile = new Map<string, CliFinding[]>();
  for (const finding of report.findings) {
    const file = path.resolve(root, finding.path);
    if (!byFile.has(file)) byFile.set(file, []);
    byFile.get(file)!.push(finding);
  }
  return byFile;
}

export async function open(relative: string): Promise<{ document: vscode.TextDocument; diagnostics: vscode.Diagnostic[] }> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relative));
  await vscode.window.showTextDocument(document);
  return { document, diagnostics: await settled(document.uri) };
}

/** A fresh copy of a fixture file inside the workspace, so tests that edit never affect each other. */
export function copyFixture(relative: string, copyName: string): string {
  const folder = workspaceUri().fsPath;
  const target = path.join(path.dirname(relative), copyName);
  fs.copyFileSync(path.join(folder, relative), path.join(folder, target));
  return target;
}

export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind, 50);
  return actions ?? [];
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export function writeOutput(name: string, content: string): string | undefined {
  const out = process.env.PRODREADY_TEST_OUT;
  if (!out) return undefined;
  fs.mkdirSync(out, { recursive: true });
  const file = path.join(out, name);
  fs.writeFileSync(file, content);
  return file;
}
