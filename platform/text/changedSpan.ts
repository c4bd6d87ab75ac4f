import type { FileText } from './pieceText';

/**
 * Where a text differs from an earlier version of it: `[start, previousEnd)` of the earlier text
 * became `[start, end)` of this one; everything before `start` and after the span is the same.
 */
export interface ChangedSpan {
  readonly start: number;
  readonly previousEnd: number;
  readonly end: number;
}

/**
 * A document that can say where it changed since an earlier revision of itself. Revisions count
 * the document's own edits (the editor's version numbers are the client's to choose).
 */
export interface ChangeTracking {
  readonly revision: number;
  /** The span changed since `revision`, or undefined when the document no longer knows that revision. */
  changedSince(revision: number): ChangedSpan | undefined;
  /** The text as the document keeps it, read by offsets without joining it into one string. */
  fileText(): FileText;
}

export function tracksChanges(document: object): document is ChangeTracking {
  const candidate = document as Partial<ChangeTracking>;
  return typeof candidate.changedSince === 'function' && typeof candidate.fileText === 'function' && typeof candidate.revision === 'number';
}

/** The one span covering `first` and then `next` (which is in the coordinates of the text `first` made). */
export function followedBy(first: ChangedSpan, next: ChangedSpan): ChangedSpan {
  const start = Math.min(first.start, next.start);
  // The covering span's end in the text between the two changes, then in the earlier and the later text.
  const between = Math.max(first.end, next.previousEnd);
  return { start, previousEnd: first.previousEnd + (between - first.end), end: between + (next.end - next.previousEnd) };
}

/** Whether a span fits the two texts it claims to describe (else it is not used). */
export function fitsTexts(span: ChangedSpan, previousLength: number, length: number): boolean {
  return (
    span.start >= 0 &&
    span.start <= span.previousEnd &&
    span.start <= span.end &&
    span.previousEnd <= previousLength &&
    span.end <= length &&
    previousLength - span.previousEnd === length - span.end
  );
}
