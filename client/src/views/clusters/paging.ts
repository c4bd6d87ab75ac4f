/** Large lists are shown a page at a time; a "Load more…" row adds the next page. */
export const DEFAULT_PAGE_SIZE = 200;
export const MIN_PAGE_SIZE = 10;

/** The setting's value made safe: a whole number of at least MIN_PAGE_SIZE. */
export function effectivePageSize(setting: unknown): number {
  if (typeof setting !== 'number' || !Number.isFinite(setting)) return DEFAULT_PAGE_SIZE;
  return Math.max(MIN_PAGE_SIZE, Math.floor(setting));
}

/** The first `pages` pages of `items` and how many are left after them. */
export function pageOf<T>(items: readonly T[], pageSize: number, pages: number): { shown: T[]; remaining: number } {
  const count = Math.max(1, Math.floor(pages)) * pageSize;
  return { shown: items.slice(0, count), remaining: Math.max(0, items.length - count) };
}
