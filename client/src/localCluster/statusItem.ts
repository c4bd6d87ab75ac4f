import * as vscode from 'vscode';
import { inProgress, progressDetail, progressLine, type LocalClusterProgress } from './progress';

/**
 * The local cluster's progress in the status bar while it builds or starts, and its failure
 * (a click opens the log); hidden once it is ready or when there is nothing to say.
 */
export class LocalClusterStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('berth.localCluster', vscode.StatusBarAlignment.Left, 8);

  constructor() {
    this.item.name = 'Berth: local cluster';
  }

  /** The text shown, or undefined when hidden (for tests). */
  text: string | undefined;

  update(progress: LocalClusterProgress | undefined, now: number): void {
    if (!progress || progress.state === 'ready') {
      this.text = undefined;
      this.item.hide();
      return;
    }
    const failed = progress.state === 'failed';
    this.text = `${failed ? '$(error)' : '$(sync~spin)'} ${progressLine(progress, now)}`;
    this.item.text = this.text;
    this.item.tooltip = progressDetail(progress, now);
    this.item.backgroundColor = failed ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.command = progress.log ? { title: 'Open the local cluster log', command: 'vscode.open', arguments: [vscode.Uri.file(progress.log)] } : undefined;
    if (inProgress(progress) || failed) this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
