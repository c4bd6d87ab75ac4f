/**
 * A fresh process that does what the Clusters view does for "all pods": open the kubeconfig
 * context (KUBECONFIG), start Berth's watch cache over pods in every namespace and wait until it
 * is ready: listed, stored, and its watch started from the list's resourceVersion. It prints one
 * JSON line `ready` with the times and its own peak RSS (VmHWM), then stays to prove the watch is
 * live: when the pod named in argv[2] (namespace/name) arrives as `added`, it prints `seen` and
 * exits.
 */
import { readFileSync } from 'node:fs';
import { openCluster, staticResource, watchCache, type KubeClient } from '../../kube';

export interface ReadyLine {
  readonly type: 'ready';
  /** Process start (Node's time origin) → ready. */
  readonly sinceProcessStartMs: number;
  /** openCluster() called → ready: loading client-node, credentials, list, parse, store. */
  readonly sinceOpenMs: number;
  /** watchCache() called → synced. */
  readonly listMs: number;
  /** watchCache() called → the watch request issued. */
  readonly watchIssuedMs: number | undefined;
  readonly items: number;
  readonly benchPods: number;
  readonly vmHWMKiB: number;
  readonly rssKiB: number;
  readonly heapUsedKiB: number;
}

export interface SeenLine {
  readonly type: 'seen';
  readonly afterReadyMs: number;
}

export interface FailedLine {
  readonly type: 'failed';
  readonly message: string;
}

function vmHWMKiB(): number {
  const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) : 0;
}

function print(line: ReadyLine | SeenLine | FailedLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function main(): Promise<void> {
  const marker = process.argv[2] ?? '';
  const benchLabel = process.argv[3] ?? '';
  const opened = performance.now();
  const connected = await openCluster();
  if (!connected.ok) return print({ type: 'failed', message: connected.error.message });
  let watchIssued: number | undefined;
  // Notes when the cache issues its watch, to show "ready" includes a started watch.
  const client: KubeClient = {
    ...connected.value,
    watch: (options, onEvent) => {
      watchIssued ??= performance.now();
      return connected.value.watch(options, onEvent);
    },
  };
  const started = performance.now();
  let readyAt = 0;
  const cache = watchCache(client, staticResource('Pod'), {}, (event) => {
    if (readyAt && event.type === 'added' && `${event.object.metadata.namespace}/${event.object.metadata.name}` === marker) {
      print({ type: 'seen', afterReadyMs: performance.now() - readyAt });
      cache.dispose();
      process.exit(0);
    }
  });
  const synced = await cache.whenSynced({ timeoutMs: 300_000 });
  if (!synced.ok) return print({ type: 'failed', message: synced.error.message });
  const listed = performance.now();
  // The watch request is issued in the same turn the list lands; let that turn finish.
  await new Promise<void>((resolve) => setImmediate(resolve));
  readyAt = performance.now();
  const items = cache.items();
  const [key, value] = benchLabel.split('=');
  const benchPods = key ? items.filter((p) => p.metadata.labels?.[key] === value).length : 0;
  const memory = process.memoryUsage();
  print({
    type: 'ready',
    sinceProcessStartMs: readyAt,
    sinceOpenMs: readyAt - opened,
    listMs: listed - started,
    watchIssuedMs: watchIssued === undefined ? undefined : watchIssued - started,
    items: items.length,
    benchPods,
    vmHWMKiB: vmHWMKiB(),
    rssKiB: Math.round(memory.rss / 1024),
    heapUsedKiB: Math.round(memory.heapUsed / 1024),
  });
}

main().catch((error: unknown) => {
  print({ type: 'failed', message: String((error as Error)?.stack ?? error) });
  process.exit(1);
});
