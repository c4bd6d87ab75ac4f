/**
 * The context key `berth.chartFolders`: the workspace folders holding a Chart.yaml, so the
 * Explorer offers Deploy Chart… on those folders only (`resourcePath in berth.chartFolders`).
 */
import * as vscode from 'vscode';

const KEY = 'berth.chartFolders';
/** Charts vendored as dependencies are deployed with their parent, not alone. */
const EXCLUDE = '{**/node_modules/**,**/charts/*/**}';

export function trackChartFolders(): vscode.Disposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const update = async () => {
    const files = await vscode.workspace.findFiles('**/Chart.yaml', EXCLUDE, 2000);
    await vscode.commands.executeCommand('setContext', KEY, files.map((f) => vscode.Uri.joinPath(f, '..').fsPath));
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void update().catch(() => undefined), 500);
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/Chart.yaml', false, true, false);
  const subscriptions = [watcher, watcher.onDidCreate(later), watcher.onDidDelete(later), vscode.workspace.onDidChangeWorkspaceFolders(later)];
  void update().catch(() => undefined);
  return { dispose: () => (clearTimeout(timer), subscriptions.forEach((s) => s.dispose())) };
}
