/**
 * After a usage sample: which rows of the Clusters view to redraw, and at what pace. Only rows
 * whose numbers changed are redrawn. VS Code refreshes the tree elements it is handed in one batch
 * (it merges refreshes within 200 ms), and each element costs a pass over its siblings and over the
 * rest of the batch: 600 pod rows at once held the extension host for ~50 ms. Refreshing their
 * parent instead is linear, but it replaces every row of the folder, and a click on a row being
 * replaced ("Load more…") is lost. So changed rows go out a few at a time, spaced beyond VS Code's
 * merge window: the numbers of a long folder appear over a few seconds, each batch a millisecond
 * or two of the host's time.
 */

/** Rows handed to VS Code per refresh. */
export const ROWS_PER_REDRAW = 32;
/** Time between two refreshes: longer than VS Code's 200 ms merge window. */
export const REDRAW_SPACING_MS = 250;

export interface RedrawnRow {
  readonly id: string;
  readonly parentId: string;
}

/** Hands rows to `redraw` ROWS_PER_REDRAW at a time, REDRAW_SPACING_MS apart; a row queued twice goes once. */
export class RedrawPacer<R extends RedrawnRow> {
  private readonly pending = new Map<string, R>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly redraw: (rows: R[]) => void,
    private readonly perRedraw = ROWS_PER_REDRAW,
    private readonly spacingMs = REDRAW_SPACING_MS,
  ) {}

  add(rows: readonly R[]): void {
    for (const row of rows) this.pending.set(row.id, row);
    this.pump();
  }

  /** Rows still waiting (for tests). */
  get waiting(): number {
    return this.pending.size;
  }

  /** The tree is listed afresh: nothing queued is worth drawing. */
  clear(): void {
    this.pending.clear();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  private pump(): void {
    if (this.timer || this.pending.size === 0) return;
    const batch: R[] = [];
    for (const [id, row] of this.pending) {
      if (batch.length === this.perRedraw) break;
      batch.push(row);
      this.pending.delete(id);
    }
    this.redraw(batch);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, this.spacingMs);
  }
}

/** What a row's usage text is, next to the one it was last drawn with. */
export type DrawnState = 'changed' | 'same' | 'gone';

/**
 * The usage rows in the tree and the text each was last drawn with, by parent: a parent listed
 * again (or collapsed) forgets its rows at once. The one record of what is drawn: the sampler
 * samples for these rows, and after a sample only those whose text changed are redrawn.
 */
export class DrawnUsage<R extends RedrawnRow> {
  private readonly byParent = new Map<string, Map<string, { readonly row: R; readonly text: string | undefined }>>();

  record(row: R, text: string | undefined): void {
    let rows = this.byParent.get(row.parentId);
    if (!rows) {
      rows = new Map();
      this.byParent.set(row.parentId, rows);
    }
    rows.set(row.id, { row, text });
  }

  compare(row: RedrawnRow, text: string | undefined): DrawnState {
    const drawn = this.byParent.get(row.parentId)?.get(row.id);
    if (!drawn) return 'gone';
    return drawn.text === text ? 'same' : 'changed';
  }

  /** Every row drawn and still in the tree. */
  rows(): R[] {
    const all: R[] = [];
    for (const rows of this.byParent.values()) for (const { row } of rows.values()) all.push(row);
    return all;
  }

  /** The rows, of those given, still in the tree and drawn with another text than `textOf` gives now. */
  changed(rows: readonly R[], textOf: (row: R) => string | undefined): R[] {
    return rows.filter((row) => this.compare(row, textOf(row)) === 'changed');
  }

  /** The parent is listed again: its rows register anew as they are drawn. */
  forgetChildrenOf(parentId: string): void {
    this.byParent.delete(parentId);
  }

  /** The node collapsed: nothing below it is drawn. */
  forgetUnder(id: string): void {
    for (const parentId of [...this.byParent.keys()]) if (parentId === id || parentId.startsWith(`${id}/`)) this.byParent.delete(parentId);
  }

  clear(): void {
    this.byParent.clear();
  }
}
