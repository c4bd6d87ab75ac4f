/** One step of a wildcard pattern: `many` takes any run of items (none included), a predicate exactly one item. */
export type WildcardStep<T> = 'many' | ((item: T) => boolean);

/**
 * Whether `items` match `steps`, by the classic greedy algorithm: on a mismatch only the latest
 * `many` takes one more item. That is enough because every other step takes exactly one item, so
 * the earliest match of what follows a `many` is never worse than a later one; the cost is at most
 * items × steps predicate calls, whatever the pattern (a regex would backtrack over every `many`).
 * Used twice: over the characters of a name and over the folders of a path.
 */
export function matchesWildcard<T>(items: ArrayLike<T>, steps: readonly WildcardStep<T>[]): boolean {
  let item = 0;
  let step = 0;
  let lastMany = -1;
  let resumeAt = 0;
  while (item < items.length) {
    const current = steps[step];
    if (current === 'many') {
      lastMany = step++;
      resumeAt = item;
    } else if (current !== undefined && current(items[item]!)) {
      item++;
      step++;
    } else if (lastMany >= 0) {
      step = lastMany + 1;
      item = ++resumeAt;
    } else {
      return false;
    }
  }
  while (steps[step] === 'many') step++;
  return step === steps.length;
}
