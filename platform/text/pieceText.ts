/**
 * A text read by offsets: a plain string is one, and so is a `PieceText`. What reads a file's text
 * around an edit takes this, so that a huge file need not be made one string on every keystroke.
 */
export interface FileText {
  readonly length: number;
  charCodeAt(offset: number): number;
  slice(start: number, end: number): string;
  /** The whole text as one string. */
  toString(): string;
}

/** Pieces are cut to about this many characters; an edited piece is cut again past twice that. */
const PIECE_CHARS = 32 * 1024;

/**
 * A text kept as pieces of about 32 KB, unchanged once made: an edit makes a new `PieceText` that
 * shares every piece it did not touch, so the edit copies one piece and the piece list instead of
 * the whole text (a JavaScript string edit of a 4 MB file copies 4 MB once it is read). The whole
 * string is joined only when asked for, and kept.
 */
export class PieceText implements FileText {
  private whole: string | undefined;

  private constructor(
    private readonly pieces: readonly string[],
    /** Where each piece starts; the last entry is the text's length. */
    private readonly starts: readonly number[],
    whole?: string,
  ) {
    this.whole = whole;
  }

  static of(text: string): PieceText {
    return PieceText.fromPieces(cut(text), text);
  }

  get length(): number {
    return this.starts[this.starts.length - 1]!;
  }

  charCodeAt(offset: number): number {
    if (this.whole !== undefined) return this.whole.charCodeAt(offset);
    if (offset < 0 || offset >= this.length) return NaN;
    const index = this.pieceAt(offset);
    return this.pieces[index]!.charCodeAt(offset - this.starts[index]!);
  }

  slice(start: number, end: number): string {
    const from = Math.max(0, Math.min(start, this.length));
    const to = Math.max(from, Math.min(end, this.length));
    if (this.whole !== undefined) return this.whole.slice(from, to);
    if (from === to) return '';
    const first = this.pieceAt(from);
    const last = this.pieceAt(to - 1);
    if (first === last) return this.pieces[first]!.slice(from - this.starts[first]!, to - this.starts[first]!);
    const parts = [this.pieces[first]!.slice(from - this.starts[first]!)];
    for (let i = first + 1; i < last; i++) parts.push(this.pieces[i]!);
    parts.push(this.pieces[last]!.slice(0, to - this.starts[last]!));
    return parts.join('');
  }

  toString(): string {
    this.whole ??= this.pieces.join('');
    return this.whole;
  }

  /** This text with `[start, end)` replaced by `text`. */
  replaced(start: number, end: number, text: string): PieceText {
    if (this.pieces.length === 0) return PieceText.of(text);
    const from = Math.max(0, Math.min(start, this.length));
    const to = Math.max(from, Math.min(end, this.length));
    // The pieces the edit touches: the one holding `from` and the one holding the character
    // before `to` (or `from`'s own when nothing is removed).
    const first = from === this.length ? this.pieces.length - 1 : this.pieceAt(from);
    const last = to > from ? this.pieceAt(to - 1) : first;
    const firstStart = this.starts[first]!;
    const lastStart = this.starts[last]!;
    const joined = this.pieces[first]!.slice(0, from - firstStart) + text + this.pieces[last]!.slice(to - lastStart);
    const middle = joined.length > 2 * PIECE_CHARS ? cut(joined) : joined.length > 0 ? [joined] : [];
    return PieceText.fromPieces([...this.pieces.slice(0, first), ...middle, ...this.pieces.slice(last + 1)]);
  }

  private static fromPieces(pieces: readonly string[], whole?: string): PieceText {
    const starts = new Array<number>(pieces.length + 1);
    let at = 0;
    for (let i = 0; i < pieces.length; i++) {
      starts[i] = at;
      at += pieces[i]!.length;
    }
    starts[pieces.length] = at;
    return new PieceText(pieces, starts, whole);
  }

  /** The piece holding `offset`, for `0 <= offset < length`. */
  private pieceAt(offset: number): number {
    let low = 0;
    let high = this.pieces.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}

/** A text cut into pieces of `PIECE_CHARS` (slices: they share the text's memory until they are edited). */
function cut(text: string): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += PIECE_CHARS) pieces.push(text.slice(at, at + PIECE_CHARS));
  return pieces;
}
