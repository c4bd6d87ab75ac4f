import * as vscode from 'vscode';
import type { ClusterSource } from './source';
import type { ClusterNode } from './node';
import { contextItem, contextNode } from './contextNode';
import { namespaceItem, namespaceNode } from './namespaceNode';
import { messageItem, messageNode } from './messageNode';

export const CLUSTERS_VIEW_ID = 'berth.clusters';

/**
 * The Clusters view: kubeconfig contexts, each expanding (lazily, one request) to its namespaces.
 * The kubeconfig is read when the view asks for its roots, never per node; a refresh cancels the
 * namespace requests still running.
 */
export class ClusterExplorer implements vscode.TreeDataProvider<ClusterNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ClusterNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private abort = new AbortController();

  constructor(private readonly source: ClusterSource) {
    this.disposables.push(source.onDidChange(() => this.refresh()));
  }

  refresh(): void {
    this.abort.abort();
    this.abort = new AbortController();
    this.emitter.fire(undefined);
  }

  getTreeItem(node: ClusterNode): vscode.TreeItem {
    switch (node.kind) {
      case 'context':
        return contextItem(node);
      case 'namespace':
        return namespaceItem(node);
      case 'message':
        return messageItem(node);
    }
  }

  async getChildren(node?: ClusterNode): Promise<ClusterNode[]> {
    if (!node) return this.roots();
    if (node.kind !== 'context') return [];
    const signal = this.abort.signal;
    const namespaces = await this.source.namespaces(node.context.name, signal);
    if (!namespaces.ok) {
      return [messageNode(`${node.context.name}:error`, namespaces.error.message.split('\n')[0]!, 'error', namespaces.error.message)];
    }
    if (namespaces.value.length === 0) return [messageNode(`${node.context.name}:empty`, 'No namespaces')];
    const selected = node.context.namespace ?? 'default';
    return namespaces.value.map((name) => namespaceNode(node.context.name, name, name === selected));
  }

  private roots(): ClusterNode[] {
    const kubeconfig = this.source.kubeconfig();
    if (!kubeconfig.ok) return [messageNode('kubeconfig:error', kubeconfig.error.message.split('\n')[0]!, 'error', kubeconfig.error.message)];
    const { contexts, clusters, currentContext, files } = kubeconfig.value;
    if (contexts.length === 0) return [messageNode('kubeconfig:empty', `No contexts in ${files.join(', ') || 'any kubeconfig'}`)];
    const servers = new Map(clusters.map((c) => [c.name, c.server]));
    return contexts.map((context) => contextNode(context, servers.get(context.cluster) ?? '(no cluster entry)', context.name === currentContext));
  }

  dispose(): void {
    this.abort.abort();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
