import { megabytes } from './settings';
import { sizeByLength, utf8Length, type OversizedFile } from './fileSize';
import { splitDocuments, type YamlChunk } from './yaml/splitDocuments';
import { resplit, type Resplit } from './yaml/resplitDocuments';
import { fitsTexts, type ChangedSpan, type ChangeTracking } from './text/changedSpan';
import type { FileText } from './text/pieceText';
import { analyzeChunk, type AnalysisContext, type ChunkAnalysis } from './validate/analyzeChunk';

export interface AnalyzedChunk {
  readonly chunk: YamlChunk;
  readonly analysis: ChunkAnalysis;
}

export interface FileAnalysis {
  readonly uri: string;
  readonly version: number;
  readonly chunks: readonly AnalyzedChunk[];
  /** Set when the file is over the size limit: then it has no chunks, and one diagnostic says why. */
  readonly oversized?: OversizedFile;
}

/** A document's analysis, and its size in UTF-8 bytes once a size check has needed it. */
interface KnownChunk {
  readonly analysis: ChunkAnalysis;
  bytes?: number;
}

interface CacheEntry {
  readonly version: number;
  readonly text: FileText;
  readonly contextKey: string;
  readonly byText: Map<string, KnownChunk>;
  readonly analysis: FileAnalysis;
  /** What is known of each of the analysis' documents, in its order. */
  readonly known: readonly KnownChunk[];
  /** The document the text came from, at which of its revisions, when it tracks its edits. */
  readonly source?: { readonly document: ChangeTracking; readonly revision: number };
}

/**
 * Analyses files document by document and keeps each document's result keyed by its text, so
 * an edit re-parses and re-validates only the documents it touched; the others keep their
 * results, whatever line they moved to.
 */
export class FileAnalysisCache {
  private readonly files = new Map<string, CacheEntry>();

  /**
   * `source`, the document the text is from when it can say where it changed: then an edit finds
   * the documents it left alone by their offsets and takes their analyses as they were.
   */
  analyze(uri: string, version: number, text: FileText, context: AnalysisContext, contextKey: string, source?: ChangeTracking): FileAnalysis {
    const previous = this.files.get(uri);
    // Same version and text: nothing to do (the text check guards against reused version numbers).
    if (previous && previous.version === version && previous.text === text && previous.contextKey === contextKey) return previous.analysis;
    const at = source ? { document: source, revision: source.revision } : undefined;
    const limit = context.settings.maxFileSize;
    const byLength = sizeByLength(text.length, limit);
    if (byLength === 'over') return this.keepOversized(uri, version, text, contextKey, { bytes: utf8Length(text.toString()), limit }, at);
    // An edit splits again only around itself; the documents before and after it keep their text strings.
    const split: Resplit = previous && !previous.analysis.oversized ? resplit(previous.text, previous.analysis.chunks.map((c) => c.chunk), text, changedSpan(previous, text, source)) : { chunks: splitDocuments(text.toString()), kept: 0, resume: 0 };
    const documents = split.chunks;
    // The previous map is kept and added to, not rebuilt: an edit of one document in ten thousand
    // inserts one, not ten thousand. Texts no longer in the file are dropped once they outnumber
    // the file's documents.
    const sameContext = previous !== undefined && previous.contextKey === contextKey;
    let byText = sameContext ? previous.byText : new Map<string, KnownChunk>();
    if (byText.size > 2 * documents.length + 16) {
      const current = new Set(documents.map((chunk) => chunk.text));
      byText = new Map([...byText].filter(([chunkText]) => current.has(chunkText)));
    }
    // The documents the split took over keep what was known of them, found by position; only the
    // others are looked up by text.
    const reused = sameContext ? split : { kept: 0, resume: previous?.known.length ?? 0 };
    const movedFrom = documents.length - ((previous?.known.length ?? 0) - reused.resume);
    // Plain loops over the documents: a huge file has ten thousand, and the first keystrokes run
    // this code before it is optimized, where a callback per document costs more than the work.
    const count = documents.length;
    const kept = new Array<KnownChunk | undefined>(count);
    for (let index = 0; index < count; index++) {
      kept[index] = index < reused.kept ? previous!.known[index] : index >= movedFrom ? previous!.known[index - movedFrom + reused.resume] : byText.get(documents[index]!.text);
    }
    // Near the limit the size is counted document by document: the documents are contiguous and cut
    // at line starts, and a kept document's count is reused, so a keystroke counts one document.
    let sizes: number[] | undefined;
    if (byLength === undefined) {
      sizes = new Array<number>(count);
      let bytes = 0;
      for (let index = 0; index < count; index++) bytes += sizes[index] = kept[index]?.bytes ?? utf8Length(documents[index]!.text);
      if (bytes > megabytes(limit)) return this.keepOversized(uri, version, text, contextKey, { bytes, limit }, at);
    }
    const known = new Array<KnownChunk>(count);
    const chunks = new Array<AnalyzedChunk>(count);
    for (let index = 0; index < count; index++) {
      const chunk = documents[index]!;
      // Looked up again only when new: a document repeated in the file is analysed once.
      let entry = kept[index] ?? byText.get(chunk.text);
      if (!entry) byText.set(chunk.text, (entry = { analysis: analyzeChunk(chunk, context) }));
      if (sizes) entry.bytes = sizes[index];
      known[index] = entry;
      // A document the edit did not move keeps its very object, so that what is keyed by it stays.
      const before = index < reused.kept ? previous!.analysis.chunks[index] : index >= movedFrom ? previous!.analysis.chunks[index - movedFrom + reused.resume] : undefined;
      chunks[index] = before?.chunk === chunk ? before : { chunk, analysis: entry.analysis };
    }
    const analysis: FileAnalysis = { uri, version, chunks };
    this.files.set(uri, { version, text, contextKey, byText, analysis, known, ...(at ? { source: at } : {}) });
    return analysis;
  }

  private keepOversized(uri: string, version: number, text: FileText, contextKey: string, tooLarge: OversizedFile, source: CacheEntry['source']): FileAnalysis {
    const analysis: FileAnalysis = { uri, version, chunks: [], oversized: tooLarge };
    this.files.set(uri, { version, text, contextKey, byText: new Map(), analysis, known: [], ...(source ? { source } : {}) });
    return analysis;
  }

  /** Keeps an analysis made elsewhere of `text` under `contextKey`, as `analyze` would have. */
  adopt(analysis: FileAnalysis, text: string, contextKey: string): void {
    const known = analysis.chunks.map(({ analysis: chunkAnalysis }): KnownChunk => ({ analysis: chunkAnalysis }));
    const byText = new Map(analysis.chunks.map(({ chunk }, index): [string, KnownChunk] => [chunk.text, known[index]!]));
    this.files.set(analysis.uri, { version: analysis.version, text, contextKey, byText, analysis, known });
  }

  get(uri: string): FileAnalysis | undefined {
    return this.files.get(uri)?.analysis;
  }

  forget(uri: string): void {
    this.files.delete(uri);
  }

  uris(): IterableIterator<string> {
    return this.files.keys();
  }
}

/** The span an edit changed since the cached text, when the same document says so and the span fits both texts. */
function changedSpan(previous: CacheEntry, text: FileText, source: ChangeTracking | undefined): ChangedSpan | undefined {
  if (!source || previous.source?.document !== source) return undefined;
  const span = source.changedSince(previous.source.revision);
  return span && fitsTexts(span, previous.text.length, text.length) ? span : undefined;
}
