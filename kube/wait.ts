/**
 * Awaiting conditions on the cluster: a list and then a watch from its resourceVersion, re-listed
 * when the server closes the watch, until a predicate holds or the deadline passes, with a
 * timeout message saying what was awaited and what was last seen. Bounded polling for the odd
 * thing that cannot be watched. No fixed sleeps.
 */
import { err, ok, type Result } from '../platform/result';
import type { KubeClient } from './client';
import { kubeError, type KubeError } from './errors';
import type { KubeObject } from './registry';

export interface WaitOptions {
  readonly timeoutMs: number;
  /** What is awaited, for the timeout message: "3 pods of web to be Running". */
  readonly what: string;
  readonly signal?: AbortSignal;
}

function deadlineSignal(options: WaitOptions): { signal: AbortSignal; timedOut: () => boolean; dispose: () => void } {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * Lists `path` (a collection) and watches it until `done(items)` holds; returns the items.
 * `describe` turns the last seen items into the timeout message's "last seen" part.
 */
export async function waitForList<T extends KubeObject>(
  client: KubeClient,
  path: string,
  query: Record<string, string>,
  done: (items: T[]) => boolean,
  options: WaitOptions & { describe?: (items: T[]) => string },
): Promise<Result<T[], KubeError>> {
  const deadline = deadlineSignal(options);
  const describe = options.describe ?? ((items: T[]) => (items.length === 0 ? 'nothing' : items.map((i) => i.metadata.name).join(', ')));
  let items = new Map<string, T>();
  try {
    while (true) {
      const list = await client.request<{ items: T[]; metadata: { resourceVersion?: string } }>({
        method: 'GET',
        path,
        query,
        operation: { verb: 'list', resource: path.split('/').pop() ?? path },
        signal: deadline.signal,
      });
      if (!list.ok) break;
      items = new Map(list.value.body.items.map((i) => [i.metadata.uid ?? i.metadata.name ?? '', i]));
      if (done([...items.values()])) return ok([...items.values()]);
      const remaining = Math.max(1, Math.ceil(options.timeoutMs / 1000));
      const watched = await client.watch<T>(
        {
          path,
          query: { ...query, resourceVersion: list.value.body.metadata.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: remaining },
          operation: { verb: 'watch', resource: path.split('/').pop() ?? path },
          signal: deadline.signal,
        },
        (event) => {
          if (event.type === 'BOOKMARK') return false;
          const key = event.object.metadata?.uid ?? event.object.metadata?.name ?? '';
          if (event.type === 'DELETED') items.delete(key);
          else items.set(key, event.object);
          return done([...items.values()]);
        },
      );
      if (watched.ok && watched.value === 'done') return ok([...items.values()]);
      if (!watched.ok && watched.error.kind !== 'notFound' && watched.error.kind !== 'server') {
        // 410 Gone and friends re-list; anything else ends the wait.
        if (!deadline.timedOut()) return watched;
        break;
      }
      if (deadline.signal.aborted) break;
    }
  } finally {
    deadline.dispose();
  }
  if (options.signal?.aborted) return err(kubeError('cancelled', `Cancelled while waiting for ${options.what}.`));
  return err(kubeError('timeout', `Timed out after ${options.timeoutMs / 1000}s waiting for ${options.what}; last seen: ${describe([...items.values()])}.`));
}

/**
 * Calls `check` until it returns true, at most every `intervalMs`, until the deadline. A failing
 * check that is not transient ends the wait with its error.
 */
export async function pollUntil(
  check: () => Promise<Result<boolean, KubeError>>,
  options: WaitOptions & { intervalMs?: number },
): Promise<Result<void, KubeError>> {
  const started = Date.now();
  let last: KubeError | undefined;
  while (Date.now() - started < options.timeoutMs) {
    if (options.signal?.aborted) return err(kubeError('cancelled', `Cancelled while waiting for ${options.what}.`));
    const r = await check();
    if (r.ok && r.value) return ok(undefined);
    if (!r.ok) {
      if (r.error.kind !== 'notFound' && r.error.kind !== 'conflict') return r;
      last = r.error;
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, options.intervalMs ?? 500);
      options.signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
    });
  }
  return err(kubeError('timeout', `Timed out after ${options.timeoutMs / 1000}s waiting for ${options.what}${last ? ` (last: ${last.message})` : ''}.`));
}
