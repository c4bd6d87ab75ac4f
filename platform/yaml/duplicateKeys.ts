import { isAlias, isMap, isPair, isScalar, isSeq, YAMLParseError, type Node } from 'yaml';

/**
 * The yaml library's own duplicate-key check compares every key with every earlier one (quadratic
 * in a map's size); this finds the same duplicates with one Set per map, in one pass over the
 * tree, and reports them as the library does: `DUPLICATE_KEY` at the repeated key.
 */
export function duplicateKeyErrors(root: Node | null): YAMLParseError[] {
  const errors: YAMLParseError[] = [];
  // An explicit stack: nesting depth is the author's to choose, the call stack is not.
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key;
        // Scalars are equal by value (===, so NaN never repeats); other keys only by identity.
        const identity: unknown = isScalar(key) ? key.value : key;
        if (identity === identity && seen.has(identity)) {
          const start = (key as Node | null)?.range?.[0] ?? node.range?.[0] ?? 0;
          errors.push(new YAMLParseError([start, start + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
        } else {
          seen.add(identity);
        }
        pending.push(pair.value, key);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) pending.push(item);
    } else if (isAlias(node)) {
      continue;
    }
  }
  // The stack visits later siblings first; the library reports in source order.
  return errors.sort((a, b) => a.pos[0] - b.pos[0]);
}
