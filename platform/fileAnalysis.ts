import { oversized, type OversizedFile } from './fileSize';
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

interface CacheEntry {
  readonly version: number;
  readonly text: string;
  readonly contextKey: string;
  readonly byText: Map<string, ChunkAnalysis>;
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
    const tooLarge = oversized(text, context.settings.maxFileSize);
    if (tooLarge) {
      const analysis: FileAnalysis = { uri, version, chunks: [], oversized: tooLarge };
      this.files.set(uri, { version, text, contextKey, byText: new Map(), analysis });
      return analysis;
    }
    // An edit splits again only around itself; the documents before and after it keep their text strings.
    const split = previous && !previous.analysis.oversized ? resplitDocuments(previous.text, previous.analysis.chunks.map((c) => c.chunk), text) : splitDocuments(text);
    // The previous map is kept and added to, not rebuilt: an edit of one document in ten thousand
    // then costs ten thousand lookups of strings whose hashes are known, not ten thousand inserts.
    // Texts no longer in the file are dropped once they outnumber the file's documents.
    let byText = previous && previous.contextKey === contextKey ? previous.byText : new Map<string, ChunkAnalysis>();
    if (byText.size > 2 * split.length + 16) {
      const current = new Set(split.map((chunk) => chunk.text));
      byText = new Map([...byText].filter(([chunkText]) => current.has(chunkText)));
    }
    const chunks = split.map((chunk) => {
      let analysis = byText.get(chunk.text);
      if (!analysis) byText.set(chunk.text, (analysis = analyzeChunk(chunk, context)));
      return { chunk, analysis };
    });
    const analysis: FileAnalysis = { uri, version, chunks };
    this.files.set(uri, { version, text, contextKey, byText, analysis });
    return analysis;
  }

  /** Keeps an analysis made elsewhere of `text` under `contextKey`, as `analyze` would have. */
  adopt(analysis: FileAnalysis, text: string, contextKey: string): void {
    const byText = new Map(analysis.chunks.map(({ chunk, analysis: chunkAnalysis }) => [chunk.text, chunkAnalysis]));
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
