/**
 * Listing a collection a page at a time (`limit`/`continue`) through the one transport, so
 * neither the server nor this process holds one body of a large collection. `listPage` reads one
 * page (a view's "Load more…"); `listAllPages` reads them all. A continue token outlives its
 * snapshot after a few minutes (410 Gone): that is an outcome the caller decides about, not an
 * error it shows.
 */
import { err, ok, type Result } from '../platform/result';
import type { KubeClient, RequestOptions } from './client';
import { kubeError, type KubeError, type KubeOperation } from './errors';

/** 410 Gone / Expired: the resourceVersion (or the continue token's snapshot) is no longer available. */
export function isGone(error: KubeError): boolean {
  return error.status === 410 || /\b(too old resource version|Expired|Gone)\b/.test(error.detail ?? '');
}

export interface PagedListRequest {
  /** The collection's path, e.g. /api/v1/namespaces/x/pods. */
  readonly path: string;
  /** Everything but `limit` and `continue` (a label selector, say). */
  readonly query?: RequestOptions['query'];
  readonly operation: KubeOperation;
  /** The Accept header, when not plain JSON (a metadata-only list). */
  readonly accept?: string;
  readonly signal?: AbortSignal;
  /** Each page's own bound, when not the client's default. */
  readonly timeoutMs?: number;
}

export interface ListPage<T> {
  readonly expired: false;
  /** In the server's order. */
  readonly items: T[];
  /** The list's resourceVersion; every page of one listing is at the first page's. */
  readonly resourceVersion: string | undefined;
  /** The token for the next page; undefined on the last one. */
  readonly continueToken: string | undefined;
  /** The server's count of what is left after this page (metadata.remainingItemCount), when it gave one. */
  readonly remaining: number | undefined;
}

/** The continue token given had expired: its snapshot is gone, and the listing must start over. */
export interface ExpiredToken {
  readonly expired: true;
  /** The server's answer, for a caller that cannot start over. */
  readonly error: KubeError;
}

/** A list's body as read: nothing in it is trusted until checked. */
interface ListBody {
  readonly items?: unknown;
  readonly metadata?: { readonly resourceVersion?: unknown; readonly continue?: unknown; readonly remainingItemCount?: unknown };
}

/** One list request: `limit` when paging, `continue` when a token is given; the body checked to be a list. */
async function listRequest<T>(client: KubeClient, request: PagedListRequest, paging: { limit: number; token: string | undefined } | undefined): Promise<Result<Omit<ListPage<T>, 'expired'>, KubeError>> {
  const r = await client.request<ListBody | undefined>({
    method: 'GET',
    path: request.path,
    query: { ...request.query, ...(paging ? { limit: paging.limit, ...(paging.token ? { continue: paging.token } : {}) } : {}) },
    ...(request.accept ? { accept: request.accept } : {}),
    operation: request.operation,
    ...(request.signal ? { signal: request.signal } : {}),
    ...(request.timeoutMs !== undefined ? { timeoutMs: request.timeoutMs } : {}),
  });
  if (!r.ok) return r;
  const body = r.value.body ?? {};
  const items = body.items ?? [];
  if (!Array.isArray(items)) return err(kubeError('server', `The server's answer to list ${request.operation.resource ?? request.path} was not a list.`, { operation: request.operation, status: r.value.status }));
  const metadata = body.metadata ?? {};
  return ok({
    items: items as T[],
    resourceVersion: typeof metadata.resourceVersion === 'string' ? metadata.resourceVersion : undefined,
    continueToken: typeof metadata.continue === 'string' && metadata.continue ? metadata.continue : undefined,
    remaining: typeof metadata.remainingItemCount === 'number' ? metadata.remainingItemCount : undefined,
  });
}

/**
 * One page of at most `limit` objects: the first when `token` is undefined, else the one the
 * token points at. An expired token is the `expired` outcome; any other failure is the error.
 */
export async function listPage<T>(client: KubeClient, request: PagedListRequest, limit: number, token: string | undefined): Promise<Result<ListPage<T> | ExpiredToken, KubeError>> {
  const r = await listRequest<T>(client, request, { limit, token });
  if (!r.ok) return token && isGone(r.error) ? ok({ expired: true, error: r.error }) : r;
  return ok({ expired: false, ...r.value });
}

export interface ListAllOptions {
  readonly pageSize: number;
  /** Stop after this many pages and return what they held; default no bound. */
  readonly maxPages?: number;
  /**
   * What an expired continue token does: `listWhole` lists once more without `limit`, as
   * client-go's pager does; `fail` (the default) returns the server's 410 as the error.
   */
  readonly whenExpired?: 'listWhole' | 'fail';
}

export interface ListedAll<T> {
  readonly items: T[];
  /** The first page's version (the snapshot the later pages continue), or the whole list's. */
  readonly resourceVersion: string | undefined;
  /** Whether maxPages stopped the listing before its last page. */
  readonly truncated: boolean;
}

/** The whole collection, page by page, in the server's order. */
export async function listAllPages<T>(client: KubeClient, request: PagedListRequest, options: ListAllOptions): Promise<Result<ListedAll<T>, KubeError>> {
  const items: T[] = [];
  let resourceVersion: string | undefined;
  let token: string | undefined;
  for (let pages = 0; options.maxPages === undefined || pages < options.maxPages; pages++) {
    const r = await listPage<T>(client, request, options.pageSize, token);
    if (!r.ok) return r;
    if (r.value.expired) {
      if (options.whenExpired !== 'listWhole') return err(r.value.error);
      const whole = await listRequest<T>(client, request, undefined);
      if (!whole.ok) return whole;
      return ok({ items: whole.value.items, resourceVersion: whole.value.resourceVersion, truncated: false });
    }
    if (pages === 0) resourceVersion = r.value.resourceVersion;
    for (const item of r.value.items) items.push(item);
    token = r.value.continueToken;
    if (!token) break;
  }
  return ok({ items, resourceVersion, truncated: token !== undefined });
}
