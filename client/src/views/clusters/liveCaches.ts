/**
 * The tree's subscriptions to the shared watch caches (kube/watchCache.ts). Each expanded tree
 * node that lists something owns a subscription to one cache (resource type × namespace scope);
 * a change in the cache refreshes that node, debounced. Collapsing the node, a refresh or the view's
 * disposal releases its subscriptions, and a cache stops when its last subscriber goes.
 * One client per context, so the tree's nodes and other views share each cache.
 */
import { setMaxListeners } from 'node:events';
import { err, ok, type Result } from '../../../../platform/result';
import { kubeError, watchCache, type KubeClient, type KubeError, type KubeObject, type WatchCache, type WatchResource } from '../../../../kube';

export const REFRESH_DEBOUNCE_MS = 250;
const FIRST_LIST_TIMEOUT_MS = 20_000;

export type Connect = (context: string) => Promise<Result<KubeClient, KubeError>>;

interface Subscription {
  readonly cache: WatchCache;
  /** The last failure before the cache (re)synced: shown instead of waiting for the next retry. */
  lastError?: KubeError;
}

interface Owner<N> {
  readonly node: N;
  readonly subscriptions: Map<string, Subscription>;
}

export class LiveCaches<N extends { readonly id: string }> {
  private clients = new Map<string, Promise<Result<KubeClient, KubeError>>>();
  private readonly owners = new Map<string, Owner<N>>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly connect: Connect,
    /** Called (debounced) with the node whose listing changed. */
    private readonly changed: (node: N) => void,
  ) {}

  /** The client of a context, connected once (until `releaseAll`). */
  client(context: string): Promise<Result<KubeClient, KubeError>> {
    let client = this.clients.get(context);
    if (!client) {
      client = this.connect(context);
      this.clients.set(context, client);
      // A failed connection (a bad kubeconfig entry) is tried afresh next time.
      void client.then((r) => {
        if (!r.ok && this.clients.get(context) === client) this.clients.delete(context);
      });
    }
    return client;
  }

  /**
   * The current items of `resource` in `namespace` (all namespaces or cluster-scoped when
   * undefined), subscribing `owner` to their changes. Waits for the first list; a failure comes
   * back as a value while the cache keeps retrying (the owner refreshes when it recovers).
   */
  async list(owner: N, context: string, resource: WatchResource, namespace: string | undefined, signal: AbortSignal): Promise<Result<KubeObject[], KubeError>> {
    const client = await this.client(context);
    if (!client.ok) return client;
    if (signal.aborted) return err(kubeError('cancelled', 'The view was refreshed.'));
    const subscription = this.subscribe(owner, client.value, resource, namespace);
    const { cache } = subscription;
    if (!cache.synced) {
      if (subscription.lastError) return err(subscription.lastError);
      const first = await firstOutcome(cache, signal);
      if (!first.ok) return first;
    }
    return ok(cache.items());
  }

  /** Drops the subscriptions of the node with this id and of every node below it. */
  release(id: string): void {
    for (const [key, owner] of this.owners) {
      if (key !== id && !key.startsWith(`${id}/`)) continue;
      for (const s of owner.subscriptions.values()) s.cache.dispose();
      this.owners.delete(key);
      clearTimeout(this.timers.get(key));
      this.timers.delete(key);
    }
  }

  /** Drops every subscription and client (a refresh reconnects with the kubeconfig as it is now). */
  releaseAll(): void {
    for (const owner of this.owners.values()) for (const s of owner.subscriptions.values()) s.cache.dispose();
    this.owners.clear();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.clients = new Map();
  }

  /** How many caches the tree holds, by key (for tests and the log). */
  held(): string[] {
    return [...this.owners.values()].flatMap((o) => [...o.subscriptions.values()].map((s) => s.cache.key));
  }

  dispose(): void {
    this.releaseAll();
  }

  private subscribe(node: N, client: KubeClient, resource: WatchResource, namespace: string | undefined): Subscription {
    let owner = this.owners.get(node.id);
    // VS Code refreshes by element identity: keep the newest object it handed us.
    if (!owner || owner.node !== node) {
      const subscriptions = owner?.subscriptions ?? new Map<string, Subscription>();
      owner = { node, subscriptions };
      this.owners.set(node.id, owner);
    }
    const key = `${client.context}|${resource.apiVersion}/${resource.plural}@${namespace ?? '*'}`;
    let subscription = owner.subscriptions.get(key);
    if (!subscription) {
      const cache = watchCache(client, resource, namespace !== undefined ? { namespace } : {});
      const created: Subscription = { cache };
      subscription = created;
      owner.subscriptions.set(key, created);
      cache.onChange((event) => {
        if (event.type === 'error') {
          if (cache.synced) return; // the cache still holds the last good list
          const repeated = created.lastError?.message === event.error.message;
          created.lastError = event.error;
          if (!repeated) this.schedule(node.id);
          return;
        }
        if (event.type === 'synced') {
          const recovered = created.lastError !== undefined;
          delete created.lastError;
          if (!recovered && !event.relist) return; // the first list: the caller is waiting on it
        }
        this.schedule(node.id);
      });
    }
    return subscription;
  }

  private schedule(id: string): void {
    clearTimeout(this.timers.get(id));
    this.timers.set(
      id,
      setTimeout(() => {
        this.timers.delete(id);
        const owner = this.owners.get(id);
        if (owner) this.changed(owner.node);
      }, REFRESH_DEBOUNCE_MS),
    );
  }
}

/** Resolves when the cache first lists, or with its first failure, a timeout or cancellation. */
function firstOutcome(cache: WatchCache, signal: AbortSignal): Promise<Result<void, KubeError>> {
  return new Promise((resolve) => {
    const finish = (r: Result<void, KubeError>) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      listener.dispose();
      resolve(r);
    };
    const onAbort = () => finish(err(kubeError('cancelled', 'The view was refreshed.')));
    const timer = setTimeout(() => finish(err(kubeError('timeout', `No answer listing ${cache.key} within ${FIRST_LIST_TIMEOUT_MS / 1000}s. Is the cluster running and reachable?`))), FIRST_LIST_TIMEOUT_MS);
    const listener = cache.onChange((event) => {
      if (event.type === 'synced') finish(ok(undefined));
      else if (event.type === 'error') finish(err(event.error));
    });
    signal.addEventListener('abort', onAbort, { once: true });
    if (cache.synced) finish(ok(undefined));
  });
}

/** One signal is shared by every listing of a tree (dozens when many nodes are open at once). */
export function listingAbort(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
