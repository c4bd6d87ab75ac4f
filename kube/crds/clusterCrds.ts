/**
 * The CRDs of a kubeconfig context for one validation run: listed from the cluster (and the cache
 * refreshed), else read from the cache when the cluster cannot be listed, else an error that says
 * both. The extension follows the cluster instead (followCrds.ts) but falls back the same way.
 */
import { err, ok, type Result } from '../../platform/result';
import { connect as connectTarget, type KubeClient } from '../client';
import type { KubeError } from '../errors';
import type { Kubeconfig, KubeTarget } from '../kubeconfig';
import { crdCacheFile, readCrdCache, writeCrdCache, type CrdCacheError, type CrdCacheOptions } from './crdCache';
import { listClusterCrds, type ClusterCrd } from './listCrds';

export interface ClusterCrdsRead {
  /** The context, as users know the cluster. */
  readonly context: string;
  readonly server: string;
  /** When the CRDs were read from the cluster (ISO 8601): now, or when they were cached. */
  readonly cachedAt: string;
  readonly crds: readonly ClusterCrd[];
  /** 'cluster': listed now; 'cache': the cluster could not be listed and the cache answered. */
  readonly from: 'cluster' | 'cache';
  /** Why the cluster was not listed (when from the cache). */
  readonly liveError?: KubeError;
  /** Listed, but the cache could not be written: the CRDs are used all the same. */
  readonly cacheError?: CrdCacheError;
}

export interface ClusterCrdsError {
  readonly context: string;
  readonly server: string;
  /** Why the cluster was not listed. */
  readonly liveError: KubeError;
  /** Why the cache did not answer: undefined when it holds nothing for this server. */
  readonly cacheError?: CrdCacheError;
  /** Where the cache was looked for. */
  readonly cacheFile: string;
}

export interface ReadClusterCrdsOptions {
  readonly cache?: CrdCacheOptions;
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  /** Default: the one transport's connect. */
  readonly connect?: (target: KubeTarget) => Promise<Result<KubeClient, KubeError>>;
}

/** The CRDs of the target's cluster: live (refreshing the cache), else cached, else an error naming both reasons. */
export async function readClusterCrds(target: KubeTarget, options: ReadClusterCrdsOptions = {}): Promise<Result<ClusterCrdsRead, ClusterCrdsError>> {
  const context = target.context.name;
  const server = target.cluster.server;
  const client = await (options.connect ?? connectTarget)(target);
  const listed = client.ok ? await listClusterCrds(client.value, options.signal ? { signal: options.signal } : {}) : client;
  if (listed.ok) {
    const cachedAt = (options.now?.() ?? new Date()).toISOString();
    const written = writeCrdCache({ server, context, cachedAt, crds: listed.value }, options.cache);
    return ok({ context, server, cachedAt, crds: listed.value, from: 'cluster', ...(written.ok ? {} : { cacheError: written.error }) });
  }
  const cached = readCrdCache(server, options.cache);
  if (cached.ok && cached.value) return ok({ context, server, cachedAt: cached.value.cachedAt, crds: cached.value.crds, from: 'cache', liveError: listed.error });
  return err({ context, server, liveError: listed.error, cacheFile: crdCacheFile(server, options.cache), ...(cached.ok ? {} : { cacheError: cached.error }) });
}

/** The server URL of a context's cluster, read from the kubeconfig without connecting (or checking its user). */
export function serverOfContext(kubeconfig: Kubeconfig, context: string): string | undefined {
  const entry = kubeconfig.contexts.find((c) => c.name === context);
  const server = entry ? kubeconfig.clusters.find((c) => c.name === entry.cluster)?.server : undefined;
  return server ? server : undefined;
}
