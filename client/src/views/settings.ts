import * as vscode from 'vscode';
import { effectivePageSize } from './clusters/paging';

/** `berth.explorer.pageSize`: rows per page of a long list (at least 10). */
export function explorerPageSize(): number {
  return effectivePageSize(vscode.workspace.getConfiguration('berth').get<unknown>('explorer.pageSize'));
}

/**
 * `berth.secrets.reveal`: show Secret values in the tree. A restricted workspace cannot turn it
 * on (VS Code drops its workspace value too, as it is a restricted configuration).
 */
export function revealSecrets(): boolean {
  const setting = vscode.workspace.getConfiguration('berth').inspect<unknown>('secrets.reveal');
  const value = vscode.workspace.isTrusted ? (setting?.workspaceFolderValue ?? setting?.workspaceValue ?? setting?.globalValue) : setting?.globalValue;
  return value === true;
}

/** Fires when a setting the views read changes. */
export function onDidChangeViewSettings(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('berth.explorer.pageSize') || e.affectsConfiguration('berth.secrets.reveal')) listener();
  });
}
