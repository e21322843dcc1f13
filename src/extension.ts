/// <reference types="vscode" />
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('prodready.checkReadiness', () => undefined));
}

export function deactivate(): void {}
