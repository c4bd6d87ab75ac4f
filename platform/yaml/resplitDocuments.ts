import type { ChangedSpan } from '../text/changedSpan';
import type { FileText } from '../text/pieceText';
import { splitDocuments, type YamlChunk } from './splitDocuments';

const DOC_START = /^---(?:[ \t\r]|$)/;

/** Below this many documents a full split is as cheap as matching. */
const MIN_DOCUMENTS = 4;

/** A new split and what it took over from the earlier one. */
export interface Resplit {
  readonly chunks: YamlChunk[];
  /** The earlier documents `[0, kept)` are the new split's first documents, the same objects. */
  readonly kept: number;
  /** The earlier documents from `resume` on are the new split's last documents (moved: maybe new objects, the same texts). */
  readonly resume: number;
}

/**
 * `splitDocuments(text)`, given the split of an earlier version of the same file: the documents
 * before and after the edited region are recognised and kept (their text strings too, so looking
 * them up by text hashes nothing again), and only the region between is split. A keystroke in a
 * file of 10,000 documents then splits one or two of them instead of all. Given the span the
 * edit changed, the kept documents are found by their offsets; without it, by comparing texts.
 *
 * Why the result is the full split's: the split decides at each line start from that line alone
 * (and whether a document has begun since the last boundary). Where the text up to a boundary
 * of the earlier split is unchanged, and so is the first line after it, the full split of the new
 * text has that boundary too, and the same documents before it. The region is cut at a kept
 * document that starts with a `---` line at a line start, which the full split also cuts at; the
 * text from there to the end is the earlier text's, so the rest is the earlier documents, moved.
 */
export function resplit(previousText: FileText, previous: readonly YamlChunk[], text: FileText, changed?: ChangedSpan): Resplit {
  const count = previous.length;
  if (count < MIN_DOCUMENTS) return { chunks: splitDocuments(text.toString()), kept: 0, resume: count };
  if (previousText === text) return { chunks: [...previous], kept: count, resume: count };
  const delta = text.length - previousText.length;

  // Documents unchanged at the start of the file, then at its end (moved by the edit's length).
  let head = 0;
  let tail = 0;
  if (changed) {
    head = firstIndex(previous, (chunk) => chunk.startOffset + chunk.text.length > changed.start);
    tail = Math.min(count - firstIndex(previous, (chunk) => chunk.startOffset >= changed.previousEnd), count - head);
  } else {
    while (head < count && sameAt(text, previous[head]!, 0)) head++;
    while (tail < count - head && sameAt(text, previous[count - 1 - tail]!, delta)) tail++;
  }

  // The last unchanged leading document is split again: the edit may have joined its successor to it.
  // Its own first line (inside its text, as it is not the last document) keeps the boundary before it.
  const kept = Math.max(0, Math.min(head, count - 1) - 1);
  const from = kept === 0 ? 0 : previous[kept]!.startOffset;
  const fromLine = kept === 0 ? 0 : previous[kept]!.startLine;

  // The first unchanged trailing document the full split certainly starts at.
  let resume = count;
  for (let i = count - tail; i < count; i++) {
    const chunk = previous[i]!;
    const at = chunk.startOffset + delta;
    if (at > from && text.charCodeAt(at - 1) === 10 /* \n */ && startsWithMarker(chunk.text)) {
      resume = i;
      break;
    }
  }
  const to = resume === count ? text.length : previous[resume]!.startOffset + delta;

  // A copy, not a slice: the new documents must not keep this whole version of the file alive.
  const region = copyOf(text.slice(from, to));
  const out: YamlChunk[] = previous.slice(0, kept);
  let line = fromLine;
  if (region.length > 0 || out.length === 0) {
    for (const chunk of splitDocuments(region)) {
      if (region.length === 0 && resume < count) break;
      out.push({ text: chunk.text, startOffset: chunk.startOffset + from, startLine: chunk.startLine + fromLine, lineCount: chunk.lineCount });
      line = chunk.startLine + fromLine + chunk.lineCount;
    }
  }
  if (resume < count) {
    const lineDelta = line - previous[resume]!.startLine;
    for (let i = resume; i < count; i++) {
      const chunk = previous[i]!;
      out.push(delta === 0 && lineDelta === 0 ? chunk : { text: chunk.text, startOffset: chunk.startOffset + delta, startLine: chunk.startLine + lineDelta, lineCount: chunk.lineCount });
    }
  }
  return { chunks: out, kept, resume };
}

/** The first document for which `after` holds, `after` being false for a first part of the documents and true for the rest. */
function firstIndex(chunks: readonly YamlChunk[], after: (chunk: YamlChunk) => boolean): number {
  let low = 0;
  let high = chunks.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (after(chunks[mid]!)) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** Whether an earlier document's text is found in the new text at its place, moved by `delta`. */
function sameAt(text: FileText, chunk: YamlChunk, delta: number): boolean {
  const start = chunk.startOffset + delta;
  const end = start + chunk.text.length;
  return start >= 0 && end <= text.length && text.slice(start, end) === chunk.text;
}

/** Whether a document's first line is a `---` marker, tested as splitDocuments tests it (the line without its break). */
function startsWithMarker(chunkText: string): boolean {
  const head = chunkText.slice(0, 4);
  const newline = head.indexOf('\n');
  return DOC_START.test(newline === -1 ? head : head.slice(0, newline));
}

/** A string of its own (a slice shares, and so keeps alive, the string it was cut from). */
function copyOf(slice: string): string {
  return slice.length < 64 ? slice : (JSON.parse(JSON.stringify(slice)) as string);
}
