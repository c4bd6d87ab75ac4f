import * as vscode from 'vscode';
import { err, type Result } from '../../../platform/result';
import { connect, destinationTarget, kubeError, selectTarget, type ClusterDestination, type KubeClient, type KubeError, type Kubeconfig } from '../../../kube';
import type { ClusterSource } from '../views/clusters/source';

export interface Selection {
  /** The context commands act on by default; undefined when the kubeconfig names none. */
  readonly context?: string;
  /** The namespace commands act on by default in that context. */
  readonly namespace: string;
  /** True when the selection differs from what the kubeconfig files say (chosen in this window). */
  readonly inMemory: boolean;
}

/**
 * The context and namespace commands default to. Choosing them (Use context, Use namespace)
 * changes only this window unless the user asks to write the kubeconfig: a click in an editor
 * should not switch every terminal's kubectl.
 */
export class KubeSession implements vscode.Disposable {
  private context: string | undefined;
  private readonly namespaces = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly subscription: vscode.Disposable;
  private hold: ((context: string | undefined) => KubeError | undefined) | undefined;

  constructor(readonly source: ClusterSource) {
    this.subscription = source.onDidChange(() => this.emitter.fire());
  }

  kubeconfig(): Result<Kubeconfig, KubeError> {
    return this.source.kubeconfig();
  }

  selection(): Selection {
    const kubeconfig = this.source.kubeconfig();
    const contexts = kubeconfig.ok ? kubeconfig.value.contexts : [];
    // A chosen context that disappeared from the files falls back to the kubeconfig's.
    const chosen = this.context !== undefined && contexts.some((c) => c.name === this.context) ? this.context : undefined;
    const context = chosen ?? (kubeconfig.ok ? kubeconfig.value.currentContext : undefined);
    const fileNamespace = contexts.find((c) => c.name === context)?.namespace ?? 'default';
    const namespace = (context !== undefined ? this.namespaces.get(context) : undefined) ?? fileNamespace;
    return { ...(context !== undefined ? { context } : {}), namespace, inMemory: chosen !== undefined || (context !== undefined && this.namespaces.has(context)) };
  }

  useContext(context: string): void {
    this.context = context;
    this.emitter.fire();
  }

  useNamespace(context: string, namespace: string): void {
    this.namespaces.set(context, namespace);
    this.emitter.fire();
  }

  /** The namespace commands default to in `context`: the one chosen here, else the kubeconfig's. */
  namespaceOf(context: string): string {
    const chosen = this.namespaces.get(context);
    if (chosen) return chosen;
    const kubeconfig = this.source.kubeconfig();
    return (kubeconfig.ok ? kubeconfig.value.contexts.find((c) => c.name === context)?.namespace : undefined) ?? 'default';
  }

  /** A client for `context` (default: the selected one) and `namespace` (default: its selected one). */
  async open(context?: string, namespace?: string): Promise<Result<KubeClient, KubeError>> {
    const kubeconfig = this.source.kubeconfig();
    if (!kubeconfig.ok) return kubeconfig;
    const name = context ?? this.selection().context;
    const held = this.hold?.(name);
    if (held) return err(held);
    if (name === undefined) return err(kubeError('invalidKubeconfig', 'No Kubernetes context is selected and the kubeconfig names no current one: run Berth: Use Context.'));
    const target = selectTarget(kubeconfig.value, { context: name, namespace: namespace ?? this.namespaceOf(name) });
    if (!target.ok) return target;
    return connect(target.value);
  }

  /**
   * Refuses connections `hold` names a reason for (the local cluster still building) before any
   * is tried: a command then says why instead of reporting a refused connection.
   */
  holdConnections(hold: (context: string | undefined) => KubeError | undefined): vscode.Disposable {
    this.hold = hold;
    return new vscode.Disposable(() => {
      if (this.hold === hold) this.hold = undefined;
    });
  }

  /**
   * A client for one cluster of a multi-cluster Application: its context among this window's
   * kubeconfig files, or in the registered cluster's own kubeconfig file. Errors name the cluster.
   */
  async openCluster(destination: ClusterDestination, namespace?: string): Promise<Result<KubeClient, KubeError>> {
    if (destination.kubeconfig !== undefined || destination.problem !== undefined || destination.context === undefined) {
      const target = destinationTarget(destination, {}, namespace);
      return target.ok ? connect(target.value) : target;
    }
    const opened = await this.open(destination.context, namespace);
    return opened.ok ? opened : err({ ...opened.error, message: `Cluster ${destination.cluster}: ${opened.error.message}` });
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
