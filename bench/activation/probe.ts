// The activation bench's observer, an extension of its own that activates on `*` (eagerly, beside
// the measured extension's workspaceContains activation, before any language server has started)
// and notes when samples/mistakes.yaml first gets Berth diagnostics (source `berth`: the
// empty extension starts the same server). report.ts reads it back.
import * as vscode from 'vscode';
import { berthDiagnostics } from '../../test/extension/wait';

export interface ProbeApi {
  /** Date.now() when the probe activated. */
  readonly activatedAt: number;
  /** True when mistakes.yaml already had Berth diagnostics then: its first-diagnostics time is unknown. */
  readonly tooLate: boolean;
  /** Date.now() of the first diagnostics change that left mistakes.yaml with Berth diagnostics. */
  readonly firstDiagnostics: Promise<number>;
}

export function activate(context: vscode.ExtensionContext): ProbeApi {
  const activatedAt = Date.now();
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the activation bench opens samples/ as the workspace folder');
  const target = vscode.Uri.joinPath(folder.uri, 'mistakes.yaml');
  const tooLate = berthDiagnostics(target).length > 0;
  const firstDiagnostics = new Promise<number>((resolve) => {
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((uri) => uri.toString() === target.toString()) || berthDiagnostics(target).length === 0) return;
      resolve(Date.now());
      listener.dispose();
    });
    context.subscriptions.push(listener);
  });
  return { activatedAt, tooLate, firstDiagnostics };
}
