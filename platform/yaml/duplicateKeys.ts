import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';

/** A key repeated in one map: kubectl keeps the value of the last occurrence. */
export interface DuplicateKey {
  /** The key as written, when it is a scalar. */
  readonly key: string | undefined;
  /** [start, end] offsets of the repeated key. */
  readonly at: readonly [number, number];
  /** [start, end] offsets of the key's first occurrence in the map. */
  readonly first: readonly [number, number];
}

/**
 * The yaml library's own duplicate-key check compares every key with every earlier one (quadratic
 * in a map's size) and makes each repeat a parse error; this finds the same duplicates with one
 * Map per map, in one pass over the tree, and leaves the verdict to the caller.
 */
export function duplicateKeys(root: Node | null): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  // An explicit stack: nesting depth is the author's to choose, the call stack is not.
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isMap(node)) {
      // Each key's first occurrence; spans are worked out only for the rare repeat.
      const seen = new Map<unknown, unknown>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key;
        // Scalars are equal by value (===, so NaN never repeats); other keys only by identity.
        const identity: unknown = isScalar(key) ? key.value : key;
        if (identity === identity && seen.has(identity)) {
          found.push({ key: isScalar(key) ? String(key.value) : undefined, at: keySpan(key, node), first: keySpan(seen.get(identity), node) });
        } else {
          seen.set(identity, key);
        }
        pending.push(pair.value, key);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) pending.push(item);
    }
  }
  // The stack visits later siblings first: report in source order.
  return found.sort((a, b) => a.at[0] - b.at[0]);
}

/** [start, end] offsets of a key in a map; the map's start for a key without a range. */
function keySpan(key: unknown, map: Node): readonly [number, number] {
  const start = (key as Node | null)?.range?.[0] ?? map.range?.[0] ?? 0;
  return [start, (key as Node | null)?.range?.[1] ?? start + 1];
}
