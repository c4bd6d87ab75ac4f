/**
 * Tree rows and their items kept by the Kubernetes object they show. A folder listed again
 * ("Load more…", a usage redraw, a watch event elsewhere in it) draws hundreds of rows, most of
 * them for the very objects drawn before: the watch caches and paged listings replace an object
 * when it changes and never edit it, so the same object means the same row. Kept weakly: an
 * object gone from every list is collected with its row and item.
 */
import type { KubeObject } from '../../../../kube';
import type { ObjectNode } from './node';
import type { ResourceKind } from './resourceKinds';

export class RowReuse<Item> {
  private readonly nodes = new WeakMap<KubeObject, ObjectNode>();
  private readonly items = new WeakMap<ObjectNode, { readonly usage: string | undefined; readonly item: Item }>();

  /** The row of `object` under `parentId`: the one made before for it there, else `make()`'s. */
  node(object: KubeObject, parentId: string, resource: ResourceKind, make: () => ObjectNode): ObjectNode {
    const kept = this.nodes.get(object);
    if (kept && kept.parentId === parentId && kept.resource === resource) return kept;
    const made = make();
    this.nodes.set(object, made);
    return made;
  }

  /** The row's item as drawn with `usage` (the usage text it shows, if any): made again only when that changed. */
  item(node: ObjectNode, usage: string | undefined, make: () => Item): Item {
    const kept = this.items.get(node);
    if (kept && kept.usage === usage) return kept.item;
    const item = make();
    this.items.set(node, { usage, item });
    return item;
  }
}
