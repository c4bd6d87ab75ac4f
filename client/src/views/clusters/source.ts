import * as vscode from 'vscode';
import type { Result } from '../../../../platform/result';
import type { Config } from '../../config';
import { collectionPath, loadKubeconfig, openCluster, staticResource, type Kubeconfig, type KubeClient, type KubeError } from '../../../../kube';

/**
 * What the Clusters view and the status bar read: the kubeconfig (merged as kubectl does, with
 * the files of `berth.kubeconfigs`) and, on demand, a context's namespaces. Reading the
 * kubeconfig needs no client library; listing namespaces loads @kubernetes/client-node lazily.
 */
export interface ClusterSource {
  kubeconfig(): Result<Kubeconfig, KubeError>;
  namespaces(context: string, signal: AbortSignal): Promise<Result<string[], KubeError>>;
  /** A client for a context, read from the same kubeconfig files (for the views' watch caches). */
  connect(context: string): Promise<Result<KubeClient, KubeError>>;
  /** Fires (debounced) when a kubeconfig file or the relevant settings change. */
  readonly onDidChange: vscode.Event<void>;
}

interface NamespaceList {
  items?: { metadata?: { name?: string } }[];
}

export class KubeconfigSource implements ClusterSource, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private watchers: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly config: Config,
  ) {
    this.disposables.push(
      config.onDidChange(['kubeconfigs'], () => this.changed()),
      // Trust brings the workspace's berth.kubeconfigs and exec users into play: show them.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed()),
    );
    this.watchFiles();
  }

  kubeconfig(): Result<Kubeconfig, KubeError> {
    return loadKubeconfig({ registered: this.config.kubeconfigs, allowPrograms: vscode.workspace.isTrusted });
  }

  connect(context: string): Promise<Result<KubeClient, KubeError>> {
    return openCluster({ context, registered: this.config.kubeconfigs, allowPrograms: vscode.workspace.isTrusted });
  }

  async namespaces(context: string, signal: AbortSignal): Promise<Result<string[], KubeError>> {
    const client = await openCluster({ context, registered: this.config.kubeconfigs, allowPrograms: vscode.workspace.isTrusted });
    if (!client.ok) return client;
    const response = await client.value.request<NamespaceList>({
      method: 'GET',
      path: collectionPath(staticResource('Namespace'), undefined),
      operation: { verb: 'list', resource: 'namespaces', context },
      signal,
      timeoutMs: 10_000,
    });
    if (!response.ok) return response;
    const names = (response.value.body?.items ?? []).map((item) => item.metadata?.name).filter((n): n is string => typeof n === 'string');
    return { ok: true, value: names.sort() };
  }

  /** Reads the files again now: one was written where a watcher may not see it appear. */
  reload(): void {
    this.changed();
  }

  /** Watches every kubeconfig file that was read (and the ones that may appear). */
  private watchFiles(): void {
    for (const watcher of this.watchers.splice(0)) watcher.dispose();
    const loaded = this.kubeconfig();
    const files = loaded.ok ? loaded.value.files : [];
    for (const file of new Set([...files, ...(loaded.ok ? [loaded.value.primaryFile] : [])])) {
      const uri = vscode.Uri.file(file);
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), uri.path.split('/').pop()!));
      watcher.onDidChange(() => this.changed());
      watcher.onDidCreate(() => this.changed());
      watcher.onDidDelete(() => this.changed());
      this.watchers.push(watcher);
    }
  }

  /** Many writes (kubectl rewrites the file) make one refresh. */
  private changed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.log.debug('kubeconfig changed');
      this.watchFiles();
      this.emitter.fire();
    }, 300);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of [...this.watchers.splice(0), ...this.disposables.splice(0)]) d.dispose();
  }
}
