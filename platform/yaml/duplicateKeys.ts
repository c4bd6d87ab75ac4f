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
      const seen = new Map<unknown, readonly [number, number]>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key;
        // Scalars are equal by value (===, so NaN never repeats); other keys only by identity.
        const identity: unknown = isScalar(key) ? key.value : key;
        const start = (key as Node | null)?.range?.[0] ?? node.range?.[0] ?? 0;
        const span = [start, (key as Node | null)?.range?.[1] ?? start + 1] as const;
        const first = seen.get(identity);
        if (identity === identity && first) {
          found.push({ key: isScalar(key) ? String(key.value) : undefined, at: span, first });
        } else {
          seen.set(identity, span);
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
