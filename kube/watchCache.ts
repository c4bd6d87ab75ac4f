/**
 * A shared, informer-like cache of one resource type in one namespace scope: list (in pages), then watch
 * from the list's resourceVersion (with bookmarks); when the server ends the watch normally, watch
 * again from the last resourceVersion seen; on 410 Gone (the version is too old) list again and
 * report the difference as added/modified/deleted; on any other failure retry after an exponential,
 * bounded, jittered backoff (while the server refuses connections, at most `reconnectMaxMs` apart, so
 * a restarted server is noticed within seconds). The cache's `status` says whether it is live or
 * retrying, and why, for views to show an outage. One cache per (client, resource type, namespace, label selector) is
 * shared by every subscriber and reference-counted: the last `dispose()` stops its requests.
 */
import { err, ok, type Result } from '../platform/result';
import type { KubeClient } from './client';
import { kubeError, type KubeError } from './errors';
import { isGone, listAllPages } from './pagedList';
import { collectionPath, type KubeObject } from './registry';

export interface WatchResource {
  /** "v1", "apps/v1". */
  readonly apiVersion: string;
  /** Plural resource name: "configmaps". */
  readonly plural: string;
  /** Default true. A cluster-scoped resource ignores the namespace. */
  readonly namespaced?: boolean;
}

export interface BackoffOptions {
  /** First delay; default 500 ms. */
  readonly initialMs?: number;
  /** The bound; default 30 s. */
  readonly maxMs?: number;
  /** Default 2. */
  readonly factor?: number;
  /** Fraction of the delay randomised either way, 0..1; default 0.2. Never exceeds maxMs. */
  readonly jitter?: number;
}

/** The delay before retry number `attempt` (0-based): initial·factor^attempt, jittered, at most maxMs. Pure given `random`. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = options.initialMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const factor = options.factor ?? 2;
  const jitter = Math.min(1, Math.max(0, options.jitter ?? 0.2));
  const base = Math.min(max, initial * Math.pow(factor, Math.max(0, Math.min(attempt, 64))));
  const jittered = base * (1 - jitter + 2 * jitter * random());
  return Math.max(0, Math.min(max, Math.round(jittered)));
}

/** The first `count` delays without jitter: 500, 1000, 2000, ... 30000, 30000. */
export function backoffSchedule(count: number, options: BackoffOptions = {}): number[] {
  return Array.from({ length: count }, (_, i) => backoffDelay(i, { ...options, jitter: 0 }));
}

export type WatchCacheEvent<T> =
  | { readonly type: 'added' | 'modified' | 'deleted'; readonly object: T }
  /** After each list: the whole content. `relist` is false for the first one. */
  | { readonly type: 'synced'; readonly items: readonly T[]; readonly relist: boolean }
  /** A list or watch failed; the cache retries after `retryInMs`. */
  | { readonly type: 'error'; readonly error: KubeError; readonly attempt: number; readonly retryInMs: number };

/**
 * Whether the cache follows the server: `connecting` until the first list, `live` while it lists
 * or watches successfully, `retrying` after a failure (its content is then the last known state).
 */
export type WatchCacheStatus =
  | { readonly state: 'connecting' | 'live'; readonly since: number }
  | {
      readonly state: 'retrying';
      /** When the failures began (ms since the epoch); the outage's length is now − since. */
      readonly since: number;
      readonly error: KubeError;
      readonly attempt: number;
      readonly retryInMs: number;
    };

export interface WatchCacheOptions {
  /** Namespace of a namespaced resource; undefined = all namespaces. */
  readonly namespace?: string;
  readonly labelSelector?: string;
  /**
   * Ask for metadata only (PartialObjectMetadata): for a cache that only needs to notice changes
   * of large objects (CRDs), not to hold them. Such a cache is not shared with a full one.
   */
  readonly metadataOnly?: boolean;
  readonly backoff?: BackoffOptions;
  /** How long one watch request may last before the server ends it; default 300–600 s (random). */
  readonly watchTimeoutSeconds?: number;
  /**
   * While the server cannot be reached (connection refused or reset), retries are at most this
   * far apart; default 2 s. Such a retry costs the server nothing, and the cache must see a
   * restarted server within seconds, not after a backoff grown during the outage.
   */
  readonly reconnectMaxMs?: number;
  readonly random?: () => number;
}

export interface WatchCache<T extends KubeObject = KubeObject> {
  /** The (client-relative) identity of the shared cache. */
  readonly key: string;
  /** True once the first list has arrived. */
  readonly synced: boolean;
  /** The last resourceVersion seen. */
  readonly resourceVersion: string | undefined;
  /** How many times the cache has listed (1 after the first sync). */
  readonly lists: number;
  /** Live, or retrying after a failure (and why); see WatchCacheStatus. */
  readonly status: WatchCacheStatus;
  /** Listens to status changes (live ⇄ retrying, and each retry); the listener first hears the current one. */
  onStatus(listener: (status: WatchCacheStatus) => void): { dispose(): void };
  items(): T[];
  get(name: string, namespace?: string): T | undefined;
  /** Listens to this subscription's changes; a subscriber joining a synced cache first hears `synced`. */
  onChange(listener: (event: WatchCacheEvent<T>) => void): { dispose(): void };
  /** Resolves once synced (or with a timeout/cancelled error). */
  whenSynced(options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<Result<void, KubeError>>;
  /** Lists again now (the watch is restarted), as on 410 Gone. */
  resync(): void;
  /** Drops this subscription; the cache stops when its last subscriber goes. Idempotent. */
  dispose(): void;
}

type Listener<T> = (event: WatchCacheEvent<T>) => void;

/** The Accept headers of a metadata-only list and watch (a watch's events carry single objects). */
const METADATA_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
const METADATA_OBJECT = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';

/** Objects per list request: the page size client-go's informers and Headlamp use. */
export const LIST_PAGE_SIZE = 1000;

function objectKey(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

class SharedCache<T extends KubeObject> {
  readonly items = new Map<string, T>();
  resourceVersion: string | undefined;
  synced = false;
  lists = 0;
  refs = 0;
  readonly listeners = new Set<Listener<T>>();
  status: WatchCacheStatus = { state: 'connecting', since: Date.now() };
  readonly statusListeners = new Set<(status: WatchCacheStatus) => void>();
  private readonly stop = new AbortController();
  private wake: AbortController | undefined;
  private relistRequested = false;
  private readonly syncWaiters = new Set<() => void>();
  private readonly path: string;
  private readonly what: string;

  constructor(
    private readonly client: KubeClient,
    readonly key: string,
    resource: WatchResource,
    private readonly options: WatchCacheOptions,
    private readonly onStopped: () => void,
  ) {
    // The kind does not shape the path; a watch names its resource by plural.
    this.path = collectionPath({ apiVersion: resource.apiVersion, kind: '', plural: resource.plural, namespaced: resource.namespaced ?? true }, options.namespace);
    this.what = resource.plural;
    void this.run();
  }

  get stopped(): boolean {
    return this.stop.signal.aborted;
  }

  emit(event: WatchCacheEvent<T>, only?: Listener<T>): void {
    for (const listener of only ? [only] : [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // One subscriber's failure must not starve the others.
      }
    }
  }

  setStatus(status: WatchCacheStatus): void {
    this.status = status;
    for (const listener of [...this.statusListeners]) {
      try {
        listener(status);
      } catch {
        // As for change listeners: one subscriber's failure must not starve the others.
      }
    }
  }

  private live(): void {
    if (this.status.state !== 'live') this.setStatus({ state: 'live', since: Date.now() });
  }

  addSyncWaiter(resolve: () => void): () => void {
    this.syncWaiters.add(resolve);
    return () => this.syncWaiters.delete(resolve);
  }

  resync(): void {
    this.relistRequested = true;
    this.wake?.abort();
  }

  shutdown(): void {
    this.stop.abort();
    this.wake?.abort();
    this.listeners.clear();
    this.statusListeners.clear();
    for (const w of this.syncWaiters) w();
    this.syncWaiters.clear();
  }

  /** A signal for one request or sleep: fires on shutdown or resync. */
  private phaseSignal(): AbortSignal {
    this.wake = new AbortController();
    return AbortSignal.any([this.stop.signal, this.wake.signal]);
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.phaseSignal();
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private query(): Record<string, string> {
    return this.options.labelSelector ? { labelSelector: this.options.labelSelector } : {};
  }

  /**
   * The whole collection, a page of LIST_PAGE_SIZE at a time (`limit`/`continue`), so neither the
   * server nor this process holds one body of the whole collection. A continue token that expired
   * between pages (410) starts the list over once without `limit`, as client-go's pager does.
   */
  private fetchAll(): Promise<Result<{ items: T[]; resourceVersion: string | undefined }, KubeError>> {
    return listAllPages<T>(
      this.client,
      {
        path: this.path,
        query: this.query(),
        ...(this.options.metadataOnly ? { accept: METADATA_LIST } : {}),
        operation: { verb: 'list', resource: this.what, ...(this.options.namespace ? { namespace: this.options.namespace } : {}) },
        signal: this.phaseSignal(),
      },
      { pageSize: LIST_PAGE_SIZE, whenExpired: 'listWhole' },
    );
  }

  /** Lists and replaces the content, emitting the difference. */
  private async list(): Promise<Result<void, KubeError>> {
    const r = await this.fetchAll();
    if (!r.ok) return r;
    const relist = this.lists > 0;
    const fresh = new Map<string, T>();
    for (const item of r.value.items) fresh.set(objectKey(item), item);
    const changes: WatchCacheEvent<T>[] = [];
    for (const [k, old] of this.items) if (!fresh.has(k)) changes.push({ type: 'deleted', object: old });
    for (const [k, item] of fresh) {
      const old = this.items.get(k);
      if (!old) changes.push({ type: 'added', object: item });
      else if (old.metadata.resourceVersion !== item.metadata.resourceVersion) changes.push({ type: 'modified', object: item });
    }
    this.items.clear();
    for (const [k, v] of fresh) this.items.set(k, v);
    this.resourceVersion = r.value.resourceVersion;
    this.lists++;
    this.synced = true;
    this.live();
    // The first list is reported as `synced` only; a relist also says what changed meanwhile.
    if (relist) for (const c of changes) this.emit(c);
    this.emit({ type: 'synced', items: [...this.items.values()], relist });
    for (const w of this.syncWaiters) w();
    this.syncWaiters.clear();
    return ok(undefined);
  }

  private async run(): Promise<void> {
    let attempt = 0;
    let needList = true;
    let lastFailure: KubeError['kind'] | undefined;
    const random = this.options.random ?? Math.random;
    const reconnectMaxMs = this.options.reconnectMaxMs ?? 2000;
    const fail = async (error: KubeError) => {
      const unreachable = error.kind === 'unreachable';
      // A server that answers again (starting up: 503, 429) gets a fresh backoff, not the one grown while it was down.
      if (lastFailure === 'unreachable' && !unreachable) attempt = 0;
      lastFailure = error.kind;
      const backoff = unreachable ? { ...this.options.backoff, maxMs: Math.min(this.options.backoff?.maxMs ?? 30_000, reconnectMaxMs) } : this.options.backoff;
      const delay = backoffDelay(attempt, backoff, random);
      const since = this.status.state === 'retrying' ? this.status.since : Date.now();
      this.setStatus({ state: 'retrying', since, error, attempt, retryInMs: delay });
      this.emit({ type: 'error', error, attempt, retryInMs: delay });
      attempt++;
      await this.sleep(delay);
    };
    while (!this.stopped) {
      if (this.relistRequested) {
        this.relistRequested = false;
        needList = true;
      }
      if (needList) {
        const listed = await this.list();
        if (this.stopped) break;
        if (!listed.ok) {
          if (listed.error.kind === 'cancelled') continue; // a resync interrupted it
          await fail(listed.error);
          continue;
        }
        needList = false;
        attempt = 0;
        lastFailure = undefined;
      }
      const started = Date.now();
      let events = 0;
      let opened = false;
      const timeoutSeconds = this.options.watchTimeoutSeconds ?? Math.floor(300 + random() * 300);
      const watched = await this.client.watch<T>(
        {
          path: this.path,
          query: { ...this.query(), resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds },
          ...(this.options.metadataOnly ? { accept: METADATA_OBJECT } : {}),
          operation: { verb: 'watch', resource: this.what, ...(this.options.namespace ? { namespace: this.options.namespace } : {}) },
          signal: this.phaseSignal(),
          onOpen: () => {
            opened = true;
            this.live();
          },
        },
        (event) => {
          events++;
          this.live();
          const rv = event.object?.metadata?.resourceVersion;
          if (event.type === 'BOOKMARK') {
            if (rv) this.resourceVersion = rv;
            return;
          }
          const k = objectKey(event.object);
          if (event.type === 'DELETED') this.items.delete(k);
          else this.items.set(k, event.object);
          if (rv) this.resourceVersion = rv;
          this.emit({ type: event.type === 'ADDED' ? 'added' : event.type === 'MODIFIED' ? 'modified' : 'deleted', object: event.object });
        },
      );
      if (this.stopped) break;
      if (watched.ok) {
        // The server ended the watch (its timeout): go on from the last version. A watch that
        // ends at once with nothing in it is treated as a failure, so a misbehaving proxy
        // cannot make this loop spin.
        if (events === 0 && Date.now() - started < 1000) await fail(kubeError('server', `The watch of ${this.what} ended at once (context "${this.client.context}").`));
        else {
          attempt = 0;
          lastFailure = undefined;
        }
        continue;
      }
      if (watched.error.kind === 'cancelled') continue; // resync
      if (watched.error.kind === 'unreachable' && opened && (events > 0 || Date.now() - started >= 1000)) {
        // A watch that ran for a while was cut off (a proxy's idle timeout, a server restart):
        // watch again at once; if the server is really gone, that attempt reports it.
        attempt = 0;
        continue;
      }
      if (isGone(watched.error)) {
        needList = true; // 410 Gone: our version is too old; list again now.
        continue;
      }
      await fail(watched.error);
    }
    this.onStopped();
  }
}

const registries = new WeakMap<KubeClient, Map<string, SharedCache<KubeObject>>>();

/** The caches a client has open and their subscriber counts (for diagnostics and tests). */
export function openWatchCaches(client: KubeClient): { key: string; subscribers: number }[] {
  return [...(registries.get(client)?.values() ?? [])].map((c) => ({ key: c.key, subscribers: c.refs }));
}

/**
 * Subscribes to the shared cache of `resource` in `options.namespace` (all namespaces when
 * undefined) for this client, starting it if it is not running.
 */
export function watchCache<T extends KubeObject = KubeObject>(client: KubeClient, resource: WatchResource, options: WatchCacheOptions = {}, listener?: (event: WatchCacheEvent<T>) => void): WatchCache<T> {
  const namespaced = resource.namespaced ?? true;
  const scope = namespaced ? (options.namespace ?? '*') : '-';
  const key = `${resource.apiVersion}/${resource.plural}@${scope}${options.labelSelector ? `?${options.labelSelector}` : ''}${options.metadataOnly ? '#metadata' : ''}`;
  let registry = registries.get(client);
  if (!registry) registries.set(client, (registry = new Map()));
  let shared = registry.get(key) as SharedCache<T> | undefined;
  if (!shared || shared.stopped) {
    const reg = registry;
    const created: SharedCache<T> = new SharedCache<T>(client, key, resource, { ...options, ...(namespaced ? {} : { namespace: undefined }) }, () => {
      if (reg.get(key) === (created as unknown)) reg.delete(key);
    });
    shared = created;
    registry.set(key, shared as unknown as SharedCache<KubeObject>);
  }
  const cache = shared;
  cache.refs++;
  const mine = new Set<Listener<T>>();
  const myStatusListeners = new Set<(status: WatchCacheStatus) => void>();
  let disposed = false;

  const subscribe = (l: Listener<T>) => {
    if (disposed) return { dispose() {} };
    mine.add(l);
    cache.listeners.add(l);
    if (cache.synced) queueMicrotask(() => cache.listeners.has(l) && cache.emit({ type: 'synced', items: [...cache.items.values()], relist: false }, l));
    return {
      dispose() {
        mine.delete(l);
        cache.listeners.delete(l);
      },
    };
  };
  if (listener) subscribe(listener);

  return {
    key,
    get synced() {
      return cache.synced;
    },
    get resourceVersion() {
      return cache.resourceVersion;
    },
    get lists() {
      return cache.lists;
    },
    get status() {
      return cache.status;
    },
    onStatus(listener) {
      if (disposed) return { dispose() {} };
      myStatusListeners.add(listener);
      cache.statusListeners.add(listener);
      queueMicrotask(() => cache.statusListeners.has(listener) && listener(cache.status));
      return {
        dispose() {
          myStatusListeners.delete(listener);
          cache.statusListeners.delete(listener);
        },
      };
    },
    items: () => [...cache.items.values()],
    get: (name, namespace) => cache.items.get(`${namespaced ? (namespace ?? options.namespace ?? '') : ''}/${name}`),
    onChange: subscribe,
    whenSynced(opts = {}) {
      if (cache.synced) return Promise.resolve(ok(undefined));
      if (disposed || cache.stopped) return Promise.resolve(err(kubeError('cancelled', `The ${key} cache was disposed before it synced.`)));
      return new Promise((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        const finish = (r: Result<void, KubeError>) => {
          clearTimeout(timer);
          opts.signal?.removeEventListener('abort', onAbort);
          remove();
          resolve(r);
        };
        const onAbort = () => finish(err(kubeError('cancelled', `Cancelled while waiting for the ${key} cache to sync.`)));
        const remove = cache.addSyncWaiter(() => finish(cache.synced ? ok(undefined) : err(kubeError('cancelled', `The ${key} cache stopped before it synced.`))));
        if (opts.timeoutMs !== undefined) timer = setTimeout(() => finish(err(kubeError('timeout', `Timed out after ${opts.timeoutMs! / 1000}s waiting for the first list of ${key} (context "${client.context}").`))), opts.timeoutMs);
        opts.signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    resync: () => {
      if (!disposed) cache.resync();
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const l of mine) cache.listeners.delete(l);
      mine.clear();
      for (const l of myStatusListeners) cache.statusListeners.delete(l);
      myStatusListeners.clear();
      cache.refs--;
      if (cache.refs <= 0) {
        cache.shutdown();
        if (registry.get(key) === (cache as unknown)) registry.delete(key);
      }
    },
  };
}
