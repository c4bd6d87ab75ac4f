import type { Range } from 'vscode-languageserver-types';
import { shiftRange } from '../diagnostics';
import type { FileAnalysis } from '../fileAnalysis';
import { PLATFORM_API_VERSION } from '../schema/platformSchemas';
import { asObject, asString, type Obj } from '../rules/values';
import type { ChunkAnalysis } from '../validate/analyzeChunk';
import type { YamlChunk } from '../yaml/splitDocuments';

/** One manifest of the workspace, with where it is. */
export interface ManifestEntry {
  readonly uri: string;
  readonly chunk: YamlChunk;
  readonly analysis: ChunkAnalysis;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** metadata.namespace, or "default" when unset (where kubectl would apply it). */
  readonly namespace: string;
  readonly value: Obj;
}

/** The range that names an entry (its metadata.name value), in file coordinates. */
export function nameLocation(entry: ManifestEntry): { uri: string; range: Range } {
  const range = entry.analysis.nameRange ?? entry.analysis.extent;
  return { uri: entry.uri, range: shiftRange(range, entry.chunk.startLine) };
}

export function isPlatform(entry: ManifestEntry, kind: string): boolean {
  return entry.apiVersion === PLATFORM_API_VERSION && entry.kind === kind;
}

/**
 * Every manifest of the workspace by file. Updating one file replaces only that file's
 * entries; lookups over the whole workspace are rebuilt lazily after a change.
 */
export class WorkspaceIndex {
  private readonly byUri = new Map<string, readonly ManifestEntry[]>();
  private byKind: Map<string, ManifestEntry[]> | undefined;

  update(file: FileAnalysis): void {
    const previous = this.byUri.get(file.uri);
    const entries: ManifestEntry[] = [];
    file.chunks.forEach(({ chunk, analysis }) => {
      const manifest = analysis.manifest;
      if (!manifest || !analysis.value) return;
      const reused = previous?.[entries.length];
      // Unchanged documents keep their entry objects, so consumers can cache per entry.
      if (reused && reused.analysis === analysis && reused.chunk.startLine === chunk.startLine) {
        entries.push(reused);
        return;
      }
      entries.push({
        uri: file.uri,
        chunk,
        analysis,
        apiVersion: manifest.apiVersion,
        kind: manifest.kind,
        name: manifest.name ?? '',
        namespace: asString(asObject(analysis.value.metadata)?.namespace) ?? 'default',
        value: analysis.value,
      });
    });
    this.byUri.set(file.uri, entries);
    this.byKind = undefined;
  }

  remove(uri: string): void {
    if (this.byUri.delete(uri)) this.byKind = undefined;
  }

  has(uri: string): boolean {
    return this.byUri.has(uri);
  }

  entries(): IterableIterator<ManifestEntry> {
    return (function* (files: Map<string, readonly ManifestEntry[]>) {
      for (const list of files.values()) yield* list;
    })(this.byUri);
  }

  /** Entries of one kind (any apiVersion), in workspace order. */
  ofKind(kind: string): readonly ManifestEntry[] {
    if (!this.byKind) {
      this.byKind = new Map();
      for (const entry of this.entries()) {
        let list = this.byKind.get(entry.kind);
        if (!list) this.byKind.set(entry.kind, (list = []));
        list.push(entry);
      }
    }
    return this.byKind.get(kind) ?? [];
  }

  platform(kind: 'Cluster' | 'NodePool' | 'Application'): ManifestEntry[] {
    return this.ofKind(kind).filter((e) => e.apiVersion === PLATFORM_API_VERSION);
  }
}
