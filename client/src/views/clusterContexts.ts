/**
 * Which kubeconfig context a Cluster document becomes: `kwok-<name>` and `kind-<name>` (the names
 * kwokctl and kind give them, see kube/provision.ts), the adopted context of a registered one.
 * Pure, shared by the Clusters and Platform views.
 */
import type { PlatformDocument } from '../../../protocol/protocol';

export function clusterContextName(cluster: Pick<PlatformDocument, 'name' | 'provider' | 'context' | 'spec'>): string | undefined {
  switch (cluster.provider) {
    case 'kwok':
    case 'kind':
      return `${cluster.provider}-${cluster.name}`;
    case 'registered': {
      if (cluster.context) return cluster.context;
      const registered = (cluster.spec as { registered?: { context?: unknown } } | undefined)?.registered;
      return typeof registered?.context === 'string' ? registered.context : undefined;
    }
    default:
      return undefined;
  }
}

export interface ClusterRoots<C> {
  /** Every context, with the Cluster document that names it, if any. */
  readonly contexts: { readonly context: C; readonly cluster?: PlatformDocument }[];
  /** Cluster documents whose context does not exist (not created, or a registered one not found). */
  readonly missing: PlatformDocument[];
}

/** The roots of the Clusters view: the contexts, then the Cluster documents no context matches. */
export function clusterRoots<C extends { readonly name: string }>(contexts: readonly C[], documents: readonly PlatformDocument[]): ClusterRoots<C> {
  const clusters = documents.filter((d) => d.kind === 'Cluster');
  const byContext = new Map<string, PlatformDocument>();
  for (const cluster of clusters) {
    const name = clusterContextName(cluster);
    if (name !== undefined && !byContext.has(name)) byContext.set(name, cluster);
  }
  const names = new Set(contexts.map((c) => c.name));
  return {
    contexts: contexts.map((context) => {
      const cluster = byContext.get(context.name);
      return cluster ? { context, cluster } : { context };
    }),
    missing: clusters.filter((c) => {
      const name = clusterContextName(c);
      return name === undefined || !names.has(name);
    }),
  };
}
