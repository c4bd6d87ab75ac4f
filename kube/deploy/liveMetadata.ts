/**
 * The metadata of the objects a deploy is about to apply, read with one metadata-only list per
 * resource and namespace instead of one GET per object. A deploy needs each object's state
 * before the apply only to say "configured" or "unchanged"; for many objects of one kind in one
 * namespace, a GET each doubled the requests kubectl makes (the cluster bench's warm deploy).
 * A list the user may not make (RBAC allows get but not list) or that fails leaves the deploy to
 * its GETs.
 */
import type { KubeClient } from '../client';
import { listAllPages } from '../pagedList';
import { collectionPath, type KubeObject, type ResourceInfo } from '../registry';

/** Worth a list from this many objects of one resource in one namespace. */
export const LIST_FROM = 8;

const PARTIAL_METADATA = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
const PAGE = 500;

type Listing = ReadonlyMap<string, KubeObject> | undefined;

export class LiveMetadata {
  private readonly lists = new Map<string, Promise<Listing>>();

  constructor(
    private readonly client: KubeClient,
    private readonly signal?: AbortSignal,
  ) {}

  /**
   * The object's metadata as it is now (null: it does not exist), or undefined when the list
   * could not be made and the caller should GET the object itself.
   */
  async before(info: ResourceInfo, namespace: string | undefined, name: string): Promise<KubeObject | null | undefined> {
    const key = `${info.apiVersion}/${info.plural}@${namespace ?? ''}`;
    let listing = this.lists.get(key);
    if (!listing) {
      listing = this.list(info, namespace);
      this.lists.set(key, listing);
    }
    const found = await listing;
    return found ? (found.get(name) ?? null) : undefined;
  }

  private async list(info: ResourceInfo, namespace: string | undefined): Promise<Listing> {
    const listed = await listAllPages<KubeObject>(
      this.client,
      { path: collectionPath(info, namespace), accept: PARTIAL_METADATA, operation: { verb: 'list', resource: info.plural, namespace }, ...(this.signal ? { signal: this.signal } : {}) },
      { pageSize: PAGE, whenExpired: 'listWhole' },
    );
    if (!listed.ok) return undefined;
    const items = new Map<string, KubeObject>();
    for (const item of listed.value.items) if (item?.metadata?.name) items.set(item.metadata.name, item);
    return items;
  }
}
