import { megabytes } from './settings';
import { sizeByLength, utf8Length, type OversizedFile } from './fileSize';
import { splitDocuments, type YamlChunk } from './yaml/splitDocuments';
import { resplitDocuments } from './yaml/resplitDocuments';
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
  readonly text: string;
  readonly contextKey: string;
  readonly byText: Map<string, KnownChunk>;
  readonly analysis: FileAnalysis;
}

/**
 * Analyses files document by document and keeps each document's result keyed by its text, so
 * an edit re-parses and re-validates only the documents it touched; the others keep their
 * results, whatever line they moved to.
 */
export class FileAnalysisCache {
  private readonly files = new Map<string, CacheEntry>();

  analyze(uri: string, version: number, text: string, context: AnalysisContext, contextKey: string): FileAnalysis {
    const previous = this.files.get(uri);
    // Same version and text: nothing to do (the text check guards against reused version numbers).
    if (previous && previous.version === version && previous.text === text && previous.contextKey === contextKey) return previous.analysis;
    const limit = context.settings.maxFileSize;
    const byLength = sizeByLength(text.length, limit);
    if (byLength === 'over') return this.keepOversized(uri, version, text, contextKey, { bytes: utf8Length(text), limit });
    // An edit splits again only around itself; the documents before and after it keep their text strings.
    const split = previous && !previous.analysis.oversized ? resplitDocuments(previous.text, previous.analysis.chunks.map((c) => c.chunk), text) : splitDocuments(text);
    // The previous map is kept and added to, not rebuilt: an edit of one document in ten thousand
    // then costs ten thousand lookups of strings whose hashes are known, not ten thousand inserts.
    // Texts no longer in the file are dropped once they outnumber the file's documents.
    let byText = previous && previous.contextKey === contextKey ? previous.byText : new Map<string, KnownChunk>();
    if (byText.size > 2 * split.length + 16) {
      const current = new Set(split.map((chunk) => chunk.text));
      byText = new Map([...byText].filter(([chunkText]) => current.has(chunkText)));
    }
    // Near the limit the size is counted document by document: the documents are contiguous and cut
    // at line starts, and a kept document's count is reused, so a keystroke counts one document.
    const kept = split.map((chunk) => byText.get(chunk.text));
    const sizes = byLength === undefined ? split.map((chunk, index) => kept[index]?.bytes ?? utf8Length(chunk.text)) : undefined;
    if (sizes) {
      const bytes = sizes.reduce((sum, size) => sum + size, 0);
      if (bytes > megabytes(limit)) return this.keepOversized(uri, version, text, contextKey, { bytes, limit });
    }
    const chunks = split.map((chunk, index) => {
      // Looked up again only when new: a document repeated in the file is analysed once.
      let known = kept[index] ?? byText.get(chunk.text);
      if (!known) byText.set(chunk.text, (known = { analysis: analyzeChunk(chunk, context) }));
      if (sizes) known.bytes = sizes[index];
      return { chunk, analysis: known.analysis };
    });
    const analysis: FileAnalysis = { uri, version, chunks };
    this.files.set(uri, { version, text, contextKey, byText, analysis });
    return analysis;
  }

  private keepOversized(uri: string, version: number, text: string, contextKey: string, tooLarge: OversizedFile): FileAnalysis {
    const analysis: FileAnalysis = { uri, version, chunks: [], oversized: tooLarge };
    this.files.set(uri, { version, text, contextKey, byText: new Map(), analysis });
    return analysis;
  }

  /** Keeps an analysis made elsewhere of `text` under `contextKey`, as `analyze` would have. */
  adopt(analysis: FileAnalysis, text: string, contextKey: string): void {
    const byText = new Map(analysis.chunks.map(({ chunk, analysis: chunkAnalysis }): [string, KnownChunk] => [chunk.text, { analysis: chunkAnalysis }]));
    this.files.set(analysis.uri, { version: analysis.version, text, contextKey, byText, analysis });
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
