import * as vscode from 'vscode';
import { setProgramsAllowed } from '../../kube/programs';

/**
 * Workspace Trust gate for anything that runs a program (kubeconfig exec plugins, kind, kwokctl)
 * or reads a kubeconfig a workspace setting names. Validation and completion never need it.
 * Returns true when the workspace is trusted; otherwise tells the user why nothing ran.
 */
export function ensureTrusted(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(`Berth: ${action} needs a trusted workspace (it may run programs from your kubeconfig).`, 'Manage Workspace Trust').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}

/**
 * Holds the kube layer to the window's trust: no program runs there while the workspace is
 * restricted, whichever command or view asks (ensureTrusted is the polite check in front; this is
 * the one that cannot be forgotten). Granting trust lifts it without a reload.
 */
export function followWorkspaceTrust(): vscode.Disposable {
  setProgramsAllowed(vscode.workspace.isTrusted);
  return vscode.workspace.onDidGrantWorkspaceTrust(() => setProgramsAllowed(true));
}
