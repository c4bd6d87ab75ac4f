/**
 * Following the logs of a whole workload, as `kubectl logs -f -l …` would if it noticed new pods:
 * every container of every matching pod streamed at once, lines interleaved as they arrive with
 * a `[pod/container] ` prefix, and pods that appear later (a scale-up, a rollout) joining once
 * their containers run. Runs until the signal fires.
 */
import { ok, type Result } from '../platform/result';
import type { KubeClient } from './client';
import type { KubeError } from './errors';
import { streamPodLog, type LogQuery } from './logStream';
import { collectionPath, staticResource, type KubeObject } from './registry';

interface Pod extends KubeObject {
  spec?: { containers?: { name: string }[] };
  status?: { phase?: string; containerStatuses?: { name: string; state?: { running?: unknown; terminated?: unknown } }[] };
}

export interface FollowWorkloadOptions extends LogQuery {
  readonly namespace?: string;
  /** The pods to follow. */
  readonly labelSelector: string;
  readonly signal: AbortSignal;
  /** Each line, with its source. */
  readonly onLine: (line: { pod: string; container: string; text: string }) => void;
  /** A container's stream failed (the others go on). */
  readonly onError?: (source: { pod: string; container: string }, error: KubeError) => void;
  /** A container's stream started (a pod joined). */
  readonly onJoin?: (source: { pod: string; container: string }) => void;
}

/** The containers of a pod whose logs can be read now (started at least once). */
export function readableContainers(pod: KubeObject, only?: string): string[] {
  const p = pod as Pod;
  const names = (p.spec?.containers ?? []).map((c) => c.name).filter((n) => only === undefined || n === only);
  if (p.metadata.deletionTimestamp) return [];
  if (p.status?.phase === 'Running' || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') return names;
  const started = new Set((p.status?.containerStatuses ?? []).filter((s) => s.state?.running || s.state?.terminated).map((s) => s.name));
  return names.filter((n) => started.has(n));
}

/** The prefix of a workload's log lines. */
export function logPrefix(pod: string, container: string): string {
  return `[${pod}/${container}] `;
}

/**
 * Follows every matching pod's containers until the signal fires. The tail/since options apply
 * to the pods there at the start; pods that join later are read from their first line.
 * Fails only when the pods cannot be listed or watched at all.
 */
export async function followWorkloadLogs(client: KubeClient, options: FollowWorkloadOptions): Promise<Result<void, KubeError>> {
  const namespace = options.namespace ?? client.namespace;
  const started = new Set<string>();
  const streams: Promise<unknown>[] = [];
  const collection = collectionPath(staticResource('Pod'), namespace);
  let initial = true;

  const consider = (pod: KubeObject) => {
    const name = pod.metadata.name ?? '';
    for (const container of readableContainers(pod, options.container)) {
      const key = `${pod.metadata.uid ?? name}/${container}`;
      if (started.has(key)) continue;
      started.add(key);
      const source = { pod: name, container };
      options.onJoin?.(source);
      const query: LogQuery = initial
        ? options
        : { ...(options.timestamps ? { timestamps: true } : {}), ...(options.container ? { container: options.container } : {}) };
      streams.push(
        streamPodLog(client, name, (text) => options.onLine({ ...source, text }), {
          ...query,
          container,
          namespace,
          follow: true,
          signal: options.signal,
        }).then((r) => {
          if (!r.ok) options.onError?.(source, r.error);
        }),
      );
    }
  };

  while (!options.signal.aborted) {
    const list = await client.request<{ items: KubeObject[]; metadata: { resourceVersion?: string } }>({
      method: 'GET',
      path: collection,
      query: { labelSelector: options.labelSelector },
      operation: { verb: 'list', resource: 'pods', namespace },
      signal: options.signal,
    });
    if (!list.ok) {
      if (options.signal.aborted) break;
      return list;
    }
    list.value.body.items.forEach(consider);
    initial = false;
    const watched = await client.watch<KubeObject>(
      {
        path: collection,
        query: { labelSelector: options.labelSelector, resourceVersion: list.value.body.metadata.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 300 },
        operation: { verb: 'watch', resource: 'pods', namespace },
        signal: options.signal,
      },
      (event) => {
        if (event.type === 'ADDED' || event.type === 'MODIFIED') consider(event.object);
      },
    );
    // A closed or expired (410) watch re-lists; being cancelled is the normal end.
    if (!watched.ok && !options.signal.aborted && watched.error.status !== 410 && watched.error.kind !== 'timeout') return watched;
  }
  await Promise.all(streams);
  return ok(undefined);
}
