// Waiting on VS Code events instead of sleeping: each helper resolves as soon as the condition
// holds, checking once immediately and then on every relevant event, and fails after a deadline.
import * as vscode from 'vscode';

export function until<T>(
  describe: string,
  event: vscode.Event<unknown>,
  probe: () => T | undefined,
  timeoutMs = 30_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const first = probe();
    if (first !== undefined) return resolve(first);
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${describe}`));
    }, timeoutMs);
    const listener = event(() => {
      const value = probe();
      if (value === undefined) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(value);
    });
  });
}

export function berthDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'berth');
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code ?? '');
}

/** Resolves with the Berth diagnostics of `uri` once `accept` holds for them. */
export function diagnosticsWhere(uri: vscode.Uri, accept: (diagnostics: vscode.Diagnostic[]) => boolean, describe: string, timeoutMs?: number): Promise<vscode.Diagnostic[]> {
  return until(
    `${describe} in ${uri.toString()}`,
    vscode.languages.onDidChangeDiagnostics,
    () => {
      const diagnostics = berthDiagnostics(uri);
      return accept(diagnostics) ? diagnostics : undefined;
    },
    timeoutMs,
  );
}
