/**
 * Collections too large to hold whole and keep live (every pod of a cluster), read from the API
 * server a page at a time with `limit` and `continue` and never watched: the tree shows a
 * snapshot, extended by "Load more…" and taken afresh when the folder opens again or the view is
 * refreshed. The extension host holds only the pages shown, not a cache of the collection.
 */
import { err, ok, type Result } from '../../../../platform/result';
import { collectionPath, kubeError, listPage, type KubeClient, type KubeError, type KubeObject } from '../../../../kube';

export interface PagedResource {
  readonly apiVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced?: boolean;
}

export interface PagedItems {
  /** In the server's order (by namespace, then name), so later pages append below. */
  readonly items: readonly KubeObject[];
  /** True when the server said there is nothing after these. */
  readonly complete: boolean;
  /** The server's count of what is left (metadata.remainingItemCount), when it gave one. */
  readonly remaining: number | undefined;
}

interface Listing {
  items: KubeObject[];
  token: string | undefined;
  complete: boolean;
  remaining: number | undefined;
  /** The page being fetched: callers for the same id wait for it instead of asking twice. */
  pending: Promise<unknown>;
}

export class PagedListings {
  private readonly listings = new Map<string, Listing>();

  /**
   * At least `count` items of `resource` (cluster-wide) for the tree node `id`, or all there are:
   * the pages already read, and more pages of `pageSize` fetched as needed.
   */
  upTo(id: string, client: KubeClient, resource: PagedResource, count: number, pageSize: number, signal: AbortSignal): Promise<Result<PagedItems, KubeError>> {
    let listing = this.listings.get(id);
    if (!listing) {
      listing = { items: [], token: undefined, complete: false, remaining: undefined, pending: Promise.resolve() };
      this.listings.set(id, listing);
    }
    const current = listing;
    const next = current.pending.then(() => this.fill(id, current, client, resource, count, pageSize, signal));
    current.pending = next.catch(() => undefined);
    return next;
  }

  /** Forgets the listing of the node with this id and of every node below it. */
  release(id: string): void {
    for (const key of [...this.listings.keys()]) if (key === id || key.startsWith(`${id}/`)) this.listings.delete(key);
  }

  releaseAll(): void {
    this.listings.clear();
  }

  /** The ids holding a listing (for tests). */
  held(): string[] {
    return [...this.listings.keys()];
  }

  private async fill(id: string, listing: Listing, client: KubeClient, resource: PagedResource, count: number, pageSize: number, signal: AbortSignal): Promise<Result<PagedItems, KubeError>> {
    let restarted = false;
    while (listing.items.length < count && !listing.complete) {
      if (signal.aborted) return err(kubeError('cancelled', 'The view was refreshed.'));
      // Cluster-wide: no namespace in the path whatever the scope.
      const path = collectionPath({ ...resource, namespaced: resource.namespaced ?? true }, undefined);
      const page = await listPage<KubeObject>(client, { path, operation: { verb: 'list', resource: resource.plural }, signal }, pageSize, listing.token);
      if (!page.ok) return page;
      if (page.value.expired) {
        // A continue token outlives its snapshot after a few minutes: start over once.
        if (restarted) return err(page.value.error);
        restarted = true;
        Object.assign(listing, { items: [], token: undefined, complete: false, remaining: undefined });
        continue;
      }
      // Released (the folder collapsed, the view refreshed) while the page was on its way.
      if (this.listings.get(id) !== listing) return err(kubeError('cancelled', 'The folder was closed.'));
      // A list's items carry no apiVersion and kind; the rows' commands need them.
      listing.items.push(...page.value.items.map((o) => ({ ...o, apiVersion: resource.apiVersion, kind: resource.kind })));
      listing.token = page.value.continueToken;
      listing.complete = listing.token === undefined;
      listing.remaining = listing.complete ? 0 : page.value.remaining;
    }
    return ok({ items: listing.items, complete: listing.complete, remaining: listing.remaining });
  }
}
