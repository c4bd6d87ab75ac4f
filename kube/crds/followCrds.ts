/**
 * Keeps up with a cluster's CRDs while it is connected: a metadata-only watch (the shared watch
 * cache: relists after 410 Gone, backs off while the server is away) notices a CRD added,
 * deleted or changed in its spec (its generation; status updates are ignored), and a quiet moment
 * later the CRDs are listed again in full. Installing an operator creates dozens of CRDs at once:
 * they cost one list, not dozens. A list that fails is tried again after a growing delay.
 */
import type { KubeClient } from '../client';
import type { KubeError } from '../errors';
import type { KubeObject } from '../objects';
import { backoffDelay, watchCache, type WatchCacheOptions } from '../watchCache';
import { listClusterCrds, type ClusterCrd } from './listCrds';

export interface CrdFollowerListener {
  /** The cluster's CRDs: first once the watch has started, then after each change settles. */
  onCrds(crds: ClusterCrd[], listedAt: Date): void;
  /** A list or the watch failed; the follower goes on trying (the watch with its backoff). */
  onError(error: KubeError): void;
}

export interface CrdFollowerOptions {
  /** How long changes must pause before the CRDs are listed again; default 1 s. */
  readonly debounceMs?: number;
  readonly now?: () => Date;
  /** Passed to the watch cache (backoff, timeouts), for tests. */
  readonly watch?: Omit<WatchCacheOptions, 'metadataOnly' | 'namespace' | 'labelSelector'>;
}

export interface CrdFollower {
  dispose(): void;
}

const CRD_RESOURCE = { apiVersion: 'apiextensions.k8s.io/v1', plural: 'customresourcedefinitions', namespaced: false } as const;

export function followClusterCrds(client: KubeClient, listener: CrdFollowerListener, options: CrdFollowerOptions = {}): CrdFollower {
  const debounceMs = options.debounceMs ?? 1000;
  const now = options.now ?? (() => new Date());
  const stop = new AbortController();
  const generations = new Map<string, number | undefined>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let listing = false;
  let again = false;
  let failures = 0;

  const relist = async (): Promise<void> => {
    if (listing) {
      again = true;
      return;
    }
    listing = true;
    try {
      do {
        again = false;
        const listed = await listClusterCrds(client, { signal: stop.signal });
        if (stop.signal.aborted) return;
        if (listed.ok) {
          failures = 0;
          listener.onCrds(listed.value, now());
        } else {
          listener.onError(listed.error);
          // No change may come to trigger another list: try again, less often each time.
          if (!again) schedule(backoffDelay(failures++, { initialMs: 2000, maxMs: 60_000 }));
        }
      } while (again && !stop.signal.aborted);
    } finally {
      listing = false;
    }
  };
  const schedule = (delay: number): void => {
    if (stop.signal.aborted) return;
    clearTimeout(timer);
    timer = setTimeout(() => void relist(), delay);
  };

  const cache = watchCache<KubeObject>(client, CRD_RESOURCE, { ...options.watch, metadataOnly: true }, (event) => {
    switch (event.type) {
      case 'synced':
        // A relist reports its differences as events first; only the first sync lists at once.
        if (event.relist) return;
        generations.clear();
        for (const item of event.items) generations.set(item.metadata.name ?? '', generationOf(item));
        schedule(0);
        return;
      case 'error':
        listener.onError(event.error);
        return;
      default: {
        const name = event.object.metadata.name ?? '';
        const generation = generationOf(event.object);
        if (event.type === 'deleted') generations.delete(name);
        else {
          const known = generations.has(name);
          const previous = generations.get(name);
          generations.set(name, generation);
          // A status update (Established, accepted names) leaves the generation as it was.
          if (event.type === 'modified' && known && generation !== undefined && previous === generation) return;
        }
        schedule(debounceMs);
      }
    }
  });

  return {
    dispose(): void {
      stop.abort();
      clearTimeout(timer);
      cache.dispose();
    },
  };
}

function generationOf(object: KubeObject): number | undefined {
  const generation = object.metadata.generation;
  return typeof generation === 'number' ? generation : undefined;
}
