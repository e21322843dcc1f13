import * as path from 'path';
import * as vscode from 'vscode';
import { fileKindOf, type FileKind } from '../core/fileKinds';

/** Language ids VS Code (and common extensions) give the files prodready reads. */
const KIND_BY_LANGUAGE: Record<string, { kind: FileKind; extension: string }> = {
  python: { kind: 'python', extension: '.py' },
  typescript: { kind: 'typescript', extension: '.ts' },
  typescriptreact: { kind: 'typescript', extension: '.tsx' },
  javascript: { kind: 'typescript', extension: '.js' },
  javascriptreact: { kind: 'typescript', extension: '.jsx' },
  dockerfile: { kind: 'dockerfile', extension: '.dockerfile' },
  yaml: { kind: 'yaml', extension: '.yaml' },
  dockercompose: { kind: 'yaml', extension: '.yaml' },
  'pip-requirements': { kind: 'requirements', extension: '.txt' },
};

export const DOCUMENT_SELECTOR: vscode.DocumentFilter[] = [
  ...Object.keys(KIND_BY_LANGUAGE).flatMap((language) => [
    { language, scheme: 'file' },
    { language, scheme: 'untitled' },
    { language, scheme: 'vscode-notebook-cell' },
  ]),
  { scheme: 'file', pattern: '**/{pyproject.toml,Pipfile,package.json,.env,.env.*,requirements*.txt,requirements*.in}' },
];

export interface AnalysisTarget {
  /** The path the engine sees: decides the file kind and which rules apply. */
  path: string;
  kind: FileKind;
}

/** What the engine should analyse a text document as, or undefined when prodready does not read it. */
export function analysisTargetOf(document: vscode.TextDocument): AnalysisTarget | undefined {
  if (document.uri.scheme === 'vscode-notebook-cell') return undefined;
  if (document.uri.scheme === 'file') {
    const kind = fileKindOf(document.uri.fsPath) ?? KIND_BY_LANGUAGE[document.languageId]?.kind;
    if (!kind || kind === 'lockfile' || kind === 'notebook') return undefined;
    return { path: document.uri.fsPath, kind };
  }
  if (document.uri.scheme === 'untitled') {
    const byLanguage = KIND_BY_LANGUAGE[document.languageId];
    if (!byLanguage) return undefined;
    const base = path.basename(document.uri.path) || 'Untitled';
    const name = byLanguage.kind === 'dockerfile' ? 'Dockerfile' : `${base}${byLanguage.extension}`;
    return { path: path.join(workspaceRoot() ?? path.sep, 'untitled', name), kind: byLanguage.kind };
  }
  return undefined;
}

export function isAnalysableNotebook(notebook: vscode.NotebookDocument): boolean {
  return notebook.notebookType === 'jupyter-notebook' && (notebook.uri.scheme === 'file' || notebook.uri.scheme === 'untitled');
}

/** The notebook's cells as nbformat JSON, the form the engine's notebook adapter reads. */
export function notebookAsIpynb(
  notebook: vscode.NotebookDocument,
  replaced?: { cell: number; text: string },
): { text: string; cells: vscode.NotebookCell[] } {
  const cells = notebook.getCells();
  const nb = {
    cells: cells.map((cell) => ({
      cell_type: cell.kind === vscode.NotebookCellKind.Code ? 'code' : 'markdown',
      metadata: {},
      source: replaced?.cell === cell.index ? replaced.text : cell.document.getText(),
      ...(cell.kind === vscode.NotebookCellKind.Code ? { outputs: [], execution_count: null } : {}),
    })),
    metadata: {
      kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
      language_info: { name: 'python' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return { text: JSON.stringify(nb), cells };
}

export function notebookPath(notebook: vscode.NotebookDocument): string {
  if (notebook.uri.scheme === 'file') return notebook.uri.fsPath;
  return path.join(workspaceRoot() ?? path.sep, 'untitled', `${path.basename(notebook.uri.path) || 'Untitled'}.ipynb`);
}

export function workspaceRoot(uri?: vscode.Uri): string | undefined {
  const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
}
