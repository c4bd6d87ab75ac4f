/**
 * The Clusters and Platform views' matching of contexts to Cluster documents, by the platform's
 * rule of which context a Cluster stands for (platform/clusterContext.ts). Pure.
 */
import { clusterContextOf, usableName } from '../../../platform/clusterContext';
import type { PlatformDocument } from '../../../protocol/protocol';

export function clusterContextName(cluster: Pick<PlatformDocument, 'name' | 'provider' | 'context' | 'spec'>): string | undefined {
  if (cluster.provider === 'registered' && usableName(cluster.context)) return cluster.context;
  return clusterContextOf(cluster.provider, cluster.name, cluster.spec);
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
