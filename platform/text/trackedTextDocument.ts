import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { followedBy, type ChangedSpan, type ChangeTracking } from './changedSpan';
import { LineStarts, lineStartsIn } from './lineStarts';
import { PieceText, type FileText } from './pieceText';

/** How many edits back a document can say what changed (its analysis is seldom more than one behind). */
const KEPT_EDITS = 16;

/**
 * An editor document as vscode-languageserver-textdocument's, with the same positions and the
 * same answers, made for huge files: an edit's cost follows the edit (its text is kept in pieces
 * and its line starts in blocks), and the document remembers which span each recent edit changed,
 * so that what reads it again can skip what did not change.
 */
export class TrackedTextDocument implements TextDocument, ChangeTracking {
  private starts: LineStarts | undefined;
  /** The span each of the latest edits changed, the latest last. */
  private readonly spans: ChangedSpan[] = [];
  private edits = 0;

  private constructor(
    readonly uri: string,
    readonly languageId: string,
    private currentVersion: number,
    private content: PieceText,
  ) {}

  static create(uri: string, languageId: string, version: number, content: string): TrackedTextDocument {
    const document = new TrackedTextDocument(uri, languageId, version, PieceText.of(content));
    // Counted now, from the string as it came: the first keystroke needs them to place its range,
    // and counting them then means joining a huge file's pieces and scanning it while the user waits.
    document.starts = LineStarts.of(content);
    return document;
  }

  static update(document: TrackedTextDocument, changes: readonly TextDocumentContentChangeEvent[], version: number): TrackedTextDocument {
    document.apply(changes, version);
    return document;
  }

  get version(): number {
    return this.currentVersion;
  }

  get lineCount(): number {
    return this.lineStarts().lineCount;
  }

  getText(range?: Range): string {
    if (!range) return this.content.toString();
    const start = this.offsetAt(range.start);
    const end = this.offsetAt(range.end);
    // As `substring`: a range given end first reads the same text.
    return this.content.slice(Math.min(start, end), Math.max(start, end));
  }

  fileText(): FileText {
    return this.content;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.content.length));
    const starts = this.lineStarts();
    const line = starts.lineAt(clamped);
    const lineStart = starts.start(line);
    return { line, character: this.beforeLineBreak(clamped, lineStart) - lineStart };
  }

  offsetAt(position: Position): number {
    const starts = this.lineStarts();
    if (position.line >= starts.lineCount) return this.content.length;
    if (position.line < 0) return 0;
    const lineStart = starts.start(position.line);
    if (position.character <= 0) return lineStart;
    return this.beforeLineBreak(Math.min(lineStart + position.character, this.nextLineStart(position.line)), lineStart);
  }

  get revision(): number {
    return this.edits;
  }

  getLineRange(line: number): Range {
    const starts = this.lineStarts();
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    if (line >= starts.lineCount) {
      const last = starts.lineCount - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.content.length - starts.start(last) } };
    }
    const lineStart = starts.start(line);
    return { start: { line, character: 0 }, end: { line, character: this.beforeLineBreak(this.nextLineStart(line), lineStart) - lineStart } };
  }

  getEOLCharacters(line: number): string {
    const starts = this.lineStarts();
    if (line < 0 || line >= starts.lineCount) return '';
    const next = this.nextLineStart(line);
    return this.content.slice(this.beforeLineBreak(next, starts.start(line)), next);
  }

  changedSince(revision: number): ChangedSpan | undefined {
    if (revision === this.edits) return { start: 0, previousEnd: 0, end: 0 };
    const from = this.spans.length - (this.edits - revision);
    if (revision > this.edits || from < 0) return undefined;
    return this.spans.slice(from + 1).reduce(followedBy, this.spans[from]!);
  }

  private apply(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    let span: ChangedSpan | undefined;
    for (const change of changes) {
      const next = 'range' in change && change.range !== undefined ? this.replace(change.range, change.text) : this.replaceAll(change.text);
      span = span ? followedBy(span, next) : next;
    }
    this.spans.push(span ?? { start: 0, previousEnd: 0, end: 0 });
    if (this.spans.length > KEPT_EDITS) this.spans.shift();
    this.edits++;
    this.currentVersion = version;
  }

  private replace(range: Range, text: string): ChangedSpan {
    const { start, end } = wellFormed(range);
    const startOffset = this.offsetAt(start);
    const endOffset = this.offsetAt(end);
    this.content = this.content.replaced(startOffset, endOffset, text);
    const span = { start: startOffset, previousEnd: endOffset, end: startOffset + text.length };
    const starts = this.lineStarts();
    // A `\r` and a `\n` the edit brought together make one line break: counted again from scratch.
    const crlfAt = (offset: number): boolean => this.content.charCodeAt(offset - 1) === 13 && this.content.charCodeAt(offset) === 10;
    if (crlfAt(startOffset) || crlfAt(span.end)) {
      this.starts = undefined;
      return span;
    }
    starts.replace(starts.lineAt(startOffset), starts.lineAt(endOffset), lineStartsIn(text, startOffset), span.end - endOffset);
    return span;
  }

  private replaceAll(text: string): ChangedSpan {
    const span = { start: 0, previousEnd: this.content.length, end: text.length };
    this.content = PieceText.of(text);
    this.starts = undefined;
    return span;
  }

  /** Where the line after `line` starts, or the text's end after the last line. */
  private nextLineStart(line: number): number {
    const starts = this.lineStarts();
    return line + 1 < starts.lineCount ? starts.start(line + 1) : this.content.length;
  }

  private lineStarts(): LineStarts {
    this.starts ??= LineStarts.of(this.content.toString());
    return this.starts;
  }

  /** An offset moved back off a line break (never between a `\r` and its `\n`), not before the line's start. */
  private beforeLineBreak(offset: number, lineStart: number): number {
    let at = offset;
    while (at > lineStart && isLineBreak(this.content.charCodeAt(at - 1))) at--;
    return at;
  }
}

function isLineBreak(code: number): boolean {
  return code === 10 || code === 13;
}

function wellFormed(range: Range): Range {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : range;
}
