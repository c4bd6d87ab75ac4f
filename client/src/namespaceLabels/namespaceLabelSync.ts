/**
 * Tells the language server the Pod Security labels of the current context's namespaces: listed
 * once when the context (or Workspace Trust) changes, and sent again when the server restarts.
 * Free of `vscode` (glue in namespaceLabelsGlue.ts), so a plain test drives it.
 */
import type { Result } from '../../../platform/result';
import { policyLabelsOf } from '../../../platform/policy/podSecurity/namespaceLabels';
import { collectionPath, staticResource, type KubeClient, type KubeError } from '../../../kube';
import type { NamespaceLabelsParams } from '../../../protocol/protocol';

export interface NamespaceLabelSyncDeps {
  /** The context commands act on; undefined when there is none. */
  current(): string | undefined;
  /** A restricted workspace runs no credential plugin: it lists nothing. */
  trusted(): boolean;
  connect(context: string): Promise<Result<KubeClient, KubeError>>;
  send(params: NamespaceLabelsParams): void;
  readonly log: { warn(message: string): void };
}

interface NamespaceList {
  items?: { metadata?: { name?: unknown; labels?: unknown } }[];
}

const NO_NAMESPACES: NamespaceLabelsParams = { namespaces: {} };

export class NamespaceLabelSync {
  private key = '';
  private abort: AbortController | undefined;
  private lastSent: NamespaceLabelsParams = NO_NAMESPACES;

  constructor(private readonly deps: NamespaceLabelSyncDeps) {}

  /** Lists again when the context or trust changed since the last time; `force` lists anyway. */
  refresh(force = false): void {
    const context = this.deps.trusted() ? this.deps.current() : undefined;
    const key = context ?? '';
    if (key === this.key && !force) return;
    this.key = key;
    this.abort?.abort();
    this.abort = undefined;
    if (context === undefined) {
      this.sendIfChanged(NO_NAMESPACES);
      return;
    }
    const abort = new AbortController();
    this.abort = abort;
    void this.list(context, abort.signal);
  }

  /** Sends the last labels again: a restarted language server starts without them. */
  resend(): void {
    this.deps.send(this.lastSent);
  }

  dispose(): void {
    this.abort?.abort();
  }

  private async list(context: string, signal: AbortSignal): Promise<void> {
    const client = await this.deps.connect(context);
    if (signal.aborted) return;
    if (!client.ok) return this.failed(context, client.error.message);
    const response = await client.value.request<NamespaceList>({
      method: 'GET',
      path: collectionPath(staticResource('Namespace'), undefined),
      operation: { verb: 'list', resource: 'namespaces', context },
      signal,
      timeoutMs: 15_000,
    });
    if (signal.aborted) return;
    if (!response.ok) return this.failed(context, response.error.message);
    const namespaces = new Map<string, Record<string, string>>();
    for (const item of response.value.body?.items ?? []) {
      const name = item.metadata?.name;
      if (typeof name === 'string') namespaces.set(name, { ...policyLabelsOf({ metadata: item.metadata }) });
    }
    // Names are the cluster's: own properties only, whatever they are.
    this.sendIfChanged({ context, namespaces: Object.fromEntries(namespaces) });
  }

  /** Without the list, pods in namespaces the workspace does not define get Berth's own level. */
  private failed(context: string, message: string): void {
    this.deps.log.warn(`Listing the namespaces of context "${context}" for Pod Security failed: ${message}`);
    this.sendIfChanged(NO_NAMESPACES);
  }

  private sendIfChanged(params: NamespaceLabelsParams): void {
    if (JSON.stringify(params) === JSON.stringify(this.lastSent)) return;
    this.lastSent = params;
    this.deps.send(params);
  }
}
