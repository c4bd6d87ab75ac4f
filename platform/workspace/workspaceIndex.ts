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
  /** Entries by kind, then by file: an update touches only the kinds its file had or has. */
  private readonly byKind = new Map<string, Map<string, readonly ManifestEntry[]>>();
  private readonly flattened = new Map<string, readonly ManifestEntry[]>();
  /** The cross-document rules ask for the platform kinds several times each time they run. */
  private readonly platformFlattened = new Map<string, readonly ManifestEntry[]>();

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
    this.replace(file.uri, previous ?? [], entries);
  }

  remove(uri: string): void {
    const previous = this.byUri.get(uri);
    if (previous) this.replace(uri, previous, []);
  }

  has(uri: string): boolean {
    return this.byUri.has(uri);
  }

  entries(): IterableIterator<ManifestEntry> {
    return (function* (files: Map<string, readonly ManifestEntry[]>) {
      for (const list of files.values()) yield* list;
    })(this.byUri);
  }

  /** Entries of one file, in document order. */
  entriesOf(uri: string): readonly ManifestEntry[] {
    return this.byUri.get(uri) ?? [];
  }

  /** Entries of one kind (any apiVersion). */
  ofKind(kind: string): readonly ManifestEntry[] {
    let list = this.flattened.get(kind);
    if (!list) {
      list = [...(this.byKind.get(kind)?.values() ?? [])].flat();
      this.flattened.set(kind, list);
    }
    return list;
  }

  platform(kind: 'Cluster' | 'NodePool' | 'Application'): readonly ManifestEntry[] {
    let list = this.platformFlattened.get(kind);
    if (!list) {
      list = this.ofKind(kind).filter((e) => e.apiVersion === PLATFORM_API_VERSION);
      this.platformFlattened.set(kind, list);
    }
    return list;
  }

  private replace(uri: string, previous: readonly ManifestEntry[], entries: readonly ManifestEntry[]): void {
    if (entries.length > 0) this.byUri.set(uri, entries);
    else this.byUri.delete(uri);
    // Grouped in one pass: a file may hold thousands of kinds.
    const byKind = new Map<string, ManifestEntry[]>(previous.map((e) => [e.kind, []]));
    for (const entry of entries) {
      let ofKind = byKind.get(entry.kind);
      if (!ofKind) byKind.set(entry.kind, (ofKind = []));
      ofKind.push(entry);
    }
    for (const [kind, ofKind] of byKind) {
      let files = this.byKind.get(kind);
      if (!files) this.byKind.set(kind, (files = new Map()));
      if (ofKind.length > 0) files.set(uri, ofKind);
      else files.delete(uri);
      // Every kind ever typed would otherwise stay a key (a megabyte-long one, if pasted).
      if (files.size === 0) this.byKind.delete(kind);
      this.flattened.delete(kind);
      this.platformFlattened.delete(kind);
    }
  }
}
