import { closestMatches } from './closestMatches';

/** How many names a message lists at most: enough to recognise a typo, never the whole workspace. */
export const MAX_LISTED_NAMES = 5;

/** How many alphabetical neighbours on each side are ranked by edit distance. */
const NEIGHBOURS = 8;

/**
 * Names a message may suggest, among thousands, without comparing the wanted name with each:
 * the names are sorted once (and once more spelled backwards, so a typo near the start is found
 * too), a binary search finds the wanted name's neighbours, and only those are ranked by edit
 * distance. A small set is ranked whole.
 */
export class NearbyNames {
  private readonly names: readonly string[];
  private sorted: { forward: string[]; backward: string[] } | undefined;

  /** `names` in the order a short list shows them; duplicates are dropped. */
  constructor(names: Iterable<string>) {
    this.names = [...new Set(names)];
  }

  get size(): number {
    return this.names.length;
  }

  /** Names within a few edits of `wanted`, closest first. */
  closest(wanted: string, limit = 3): string[] {
    return closestMatches(wanted, this.size <= NEIGHBOURS * 2 ? this.names : this.neighbours(wanted), limit);
  }

  /**
   * What a message lists: every name when there are few, otherwise the closest ones topped up
   * with alphabetical neighbours. `more` is how many names the list leaves out.
   */
  listFor(wanted: string, limit = MAX_LISTED_NAMES): { names: string[]; more: number } {
    if (this.size <= limit) return { names: [...this.names], more: 0 };
    const names = this.closest(wanted, limit);
    for (const name of this.neighbours(wanted)) {
      if (names.length >= limit) break;
      if (!names.includes(name)) names.push(name);
    }
    return { names, more: this.size - names.length };
  }

  /** Suggestions for a quick fix: every name when there are few, else the close ones. */
  replacementsFor(wanted: string, limit = 3): string[] {
    const close = this.closest(wanted, limit);
    return close.length > 0 || this.size > limit ? close : [...this.names];
  }

  private neighbours(wanted: string): string[] {
    if (!this.sorted) {
      const forward = [...this.names].sort();
      const backward = this.names.map(reversed).sort();
      this.sorted = { forward, backward };
    }
    // Around the name and around it less its last character: a character too many at the end
    // would otherwise sort it past its intended name's whole family (east-7x after east-79).
    const around = (sorted: readonly string[], key: string): string[] => {
      const at = lowerBound(sorted, key);
      const shorter = lowerBound(sorted, key.slice(0, -1));
      return [...sorted.slice(Math.max(0, at - NEIGHBOURS), at + NEIGHBOURS), ...sorted.slice(shorter, shorter + NEIGHBOURS)];
    };
    const forward = around(this.sorted.forward, wanted);
    const backward = around(this.sorted.backward, reversed(wanted)).map(reversed);
    // Forward neighbours first: they are what an alphabetical listing would show.
    return [...new Set([...forward, ...backward])];
  }
}

/** A list of names with how many were left out, as messages print it. */
export function formatNameList(list: { names: readonly string[]; more: number }): string {
  return list.more > 0 ? `${list.names.join(', ')} and ${list.more} more` : list.names.join(', ');
}

function reversed(text: string): string {
  return [...text].reverse().join('');
}

function lowerBound(sorted: readonly string[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < key) low = middle + 1;
    else high = middle;
  }
  return low;
}
