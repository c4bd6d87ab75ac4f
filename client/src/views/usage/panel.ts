/**
 * Berth: Show Usage: one webview panel, beside the editor, with a small live chart of CPU and
 * memory per Application of the selected context (every namespace), against the Applications'
 * requests. Sampled from metrics.k8s.io every SAMPLE_MS while the panel is visible; closing it
 * stops everything.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { readClusterUsage } from '../../../../kube';
import type { CommandDeps } from '../../commands/deps';
import { ensureTrusted } from '../../trust';
import { SAMPLE_MS } from '../clusters/usage';
import { appendSample, type ApplicationSeries } from './history';
import { usageBody, usageDocument, usageMessage } from './html';

export const SHOW_USAGE_COMMAND = 'berth.showUsage';
const VIEW_TYPE = 'berth.usage';

/** Berth: Show Usage. Resolves to whether the panel is shown. */
export function showUsageCommand(deps: CommandDeps): () => Promise<boolean> {
  let panel: UsagePanel | undefined;
  deps.ctx.own({ dispose: () => panel?.dispose() });
  return async () => {
    if (!ensureTrusted('Showing usage')) return false;
    const context = deps.session.selection().context;
    if (context === undefined) {
      void vscode.window.showErrorMessage('Berth: no context is selected in the kubeconfig, so there is no cluster to show the usage of.');
      return false;
    }
    if (panel && !panel.disposed) panel.show(context);
    else panel = new UsagePanel(deps, context);
    return true;
  };
}

class UsagePanel {
  disposed = false;
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private series: ApplicationSeries[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private abort = new AbortController();
  private lastBody = '';

  constructor(
    private readonly deps: CommandDeps,
    private context: string,
  ) {
    this.panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Usage', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false, localResourceRoots: [] });
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.onDidChangeViewState(() => (this.panel.visible ? this.sampleSoon(0) : clearTimeout(this.timer))),
    );
    this.render(usageMessage('Usage', ['Reading metrics.k8s.io…']));
    this.sampleSoon(0);
  }

  show(context: string): void {
    if (context !== this.context) {
      this.context = context;
      this.series = [];
      this.abort.abort();
      this.abort = new AbortController();
      this.sampleSoon(0);
    }
    this.panel.reveal(undefined, true);
  }

  private sampleSoon(delay: number): void {
    clearTimeout(this.timer);
    if (!this.disposed) this.timer = setTimeout(() => void this.sample(), delay);
  }

  private async sample(): Promise<void> {
    const context = this.context;
    const signal = this.abort.signal;
    try {
      const client = await this.deps.session.source.connect(context);
      if (!client.ok) {
        this.render(usageMessage('Usage', [`Connecting to context ${context} failed:`, client.error.message]));
        return;
      }
      const usage = await readClusterUsage(client.value, { signal });
      if (signal.aborted || this.disposed) return;
      if (!usage.ok) {
        this.render(usageMessage('Usage', [`Reading usage in context ${context} failed:`, usage.error.message]));
        return;
      }
      this.series = appendSample(this.series, usage.value.applications);
      const unsampled = usage.value.pods.filter((p) => p.application && !p.usage).length;
      const notes = unsampled ? [`${unsampled} pod(s) have no sample yet (metrics-server samples every 15 s).`] : [];
      this.render(usageBody(context, this.series, notes));
    } catch (error) {
      this.deps.log.error(`usage ${context}: ${String(error)}`);
    } finally {
      if (this.panel.visible && !signal.aborted) this.sampleSoon(SAMPLE_MS);
    }
  }

  /** Replaces the document only when it changed (each replacement reloads the webview). */
  private render(body: string): void {
    if (this.disposed || body === this.lastBody) return;
    this.lastBody = body;
    this.panel.webview.html = usageDocument(body, randomBytes(18).toString('base64'));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.abort.abort();
    clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
