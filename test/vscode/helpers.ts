import * as vscode from 'vscode';

export const EXTENSION_ID = 'prodready.prodready';

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the suite needs an open workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}
