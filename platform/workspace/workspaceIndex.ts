import type { Range } from 'vscode-languageserver-types';
import { shiftRange } from '../diagnostics';
import type { AnalyzedChunk, FileAnalysis } from '../fileAnalysis';
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
 * What one update did to one file's entries: the entries that left and the ones that came, in
 * document order (entries kept as they were are in neither). `placed` is set when the file's
 * entries took a new place in the workspace's order (the file was added or removed).
 */
export interface IndexChange {
  readonly uri: string;
  readonly removed: readonly ManifestEntry[];
  readonly added: readonly ManifestEntry[];
  readonly placed: boolean;
}

/** Past this many changed entries the log is dropped: whoever reads it starts over. */
const MAX_LOGGED_ENTRIES = 2000;

/**
 * Every manifest of the workspace by file. Updating one file replaces only that file's
 * entries; lookups over the whole workspace are rebuilt lazily after a change.
 */
export class WorkspaceIndex {
  /** Each indexed file's documents as last indexed, and the entry each gave. */
  private readonly slots = new Map<string, { readonly chunks: readonly AnalyzedChunk[]; readonly slots: readonly (ManifestEntry | undefined)[] }>();
  private log: IndexChange[] | undefined = [];
  private logged = 0;

  private readonly byUri = new Map<string, readonly ManifestEntry[]>();
  /** Entries by kind, then by file: an update touches only the kinds its file had or has. */
  private readonly byKind = new Map<string, Map<string, readonly ManifestEntry[]>>();
  private readonly flattened = new Map<string, readonly ManifestEntry[]>();
  /** The cross-document rules ask for the platform kinds several times each time they run. */
  private readonly platformFlattened = new Map<string, readonly ManifestEntry[]>();

  update(file: FileAnalysis): void {
    const previous = this.byUri.get(file.uri);
    const before = this.slots.get(file.uri);
    // The entry (or none) each document of the file gave, by position: a document that is the
    // same object on the same line keeps its entry without its analysis being read again.
    const slots: (ManifestEntry | undefined)[] = new Array<ManifestEntry | undefined>(file.chunks.length);
    const entries: ManifestEntry[] = [];
    for (let i = 0; i < file.chunks.length; i++) {
      const located = file.chunks[i]!;
      const was = before?.chunks[i];
      if (was !== undefined && was.analysis === located.analysis && was.chunk.startLine === located.chunk.startLine) {
        const kept = before!.slots[i];
        slots[i] = kept;
        if (kept) entries.push(kept);
        continue;
      }
      const { chunk, analysis } = located;
      const manifest = analysis.manifest;
      if (!manifest || !analysis.value) continue;
      const reused = previous?.[entries.length];
      // Unchanged documents keep their entry objects, so consumers can cache per entry.
      if (reused && reused.analysis === analysis && reused.chunk.startLine === chunk.startLine) {
        entries.push((slots[i] = reused));
        continue;
      }
      const entry: ManifestEntry = {
        uri: file.uri,
        chunk,
        analysis,
        apiVersion: manifest.apiVersion,
        kind: manifest.kind,
        name: manifest.name ?? '',
        namespace: asString(asObject(analysis.value.metadata)?.namespace) ?? 'default',
        value: analysis.value,
      };
      entries.push((slots[i] = entry));
    }
    this.slots.set(file.uri, { chunks: file.chunks, slots });
    if (previous && sameEntries(previous, entries)) return;
    this.record(file.uri, previous ?? [], entries, previous === undefined);
    if (previous && this.replaceInPlace(file.uri, previous, entries)) return;
    this.replace(file.uri, previous ?? [], entries);
  }

  remove(uri: string): void {
    this.slots.delete(uri);
    const previous = this.byUri.get(uri);
    if (!previous) return;
    this.record(uri, previous, [], true);
    this.replace(uri, previous, []);
  }

  /**
   * The changes since the last call, oldest first; undefined when too much changed to list
   * (the reader then treats every entry as changed).
   */
  takeChanges(): readonly IndexChange[] | undefined {
    // The log array itself is kept and emptied: a new empty array has another elements kind than
    // one that held changes, and `record`'s optimized code would be thrown away on every keystroke.
    const log = this.log?.splice(0);
    this.log ??= [];
    this.logged = 0;
    return log;
  }

  private record(uri: string, previous: readonly ManifestEntry[], entries: readonly ManifestEntry[], placed: boolean): void {
    if (!this.log) return;
    // Entries are only ever kept at their own position (see update).
    const removed: ManifestEntry[] = [];
    const added: ManifestEntry[] = [];
    for (let i = 0; i < Math.max(previous.length, entries.length); i++) {
      if (previous[i] === entries[i]) continue;
      if (i < previous.length) removed.push(previous[i]!);
      if (i < entries.length) added.push(entries[i]!);
    }
    if (removed.length === 0 && added.length === 0 && !placed) return;
    this.logged += removed.length + added.length;
    if (this.logged > MAX_LOGGED_ENTRIES) this.log = undefined;
    else this.log.push({ uri, removed, added, placed });
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

  /** Entries of one kind in one file, in document order. */
  ofKindIn(kind: string, uri: string): readonly ManifestEntry[] {
    return this.byKind.get(kind)?.get(uri) ?? [];
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

  /**
   * An edit that replaced a few entries by entries of the same kinds, in place: the lists of
   * those kinds get the new entries at the old ones' places, and the file's other kinds are not
   * grouped again. False (nothing done) when the edit did more.
   */
  private replaceInPlace(uri: string, previous: readonly ManifestEntry[], entries: readonly ManifestEntry[]): boolean {
    if (previous.length !== entries.length) return false;
    const changed: number[] = [];
    for (let i = 0; i < entries.length; i++) {
      if (previous[i] === entries[i]) continue;
      if (previous[i]!.kind !== entries[i]!.kind || changed.length >= MAX_IN_PLACE) return false;
      changed.push(i);
    }
    const places = changed.map((i) => {
      const list = this.byKind.get(entries[i]!.kind)?.get(uri);
      return { old: previous[i]!, entry: entries[i]!, at: list ? list.indexOf(previous[i]!) : -1 };
    });
    if (places.some((p) => p.at === -1)) return false;
    this.byUri.set(uri, entries);
    for (const { old, entry, at } of places) {
      // Read again: two changed entries of one kind share the list (each keeps its place in it).
      const files = this.byKind.get(entry.kind)!;
      files.set(uri, withReplaced(files.get(uri)!, at, entry));
      const flat = this.flattened.get(entry.kind);
      const flatAt = flat ? flat.indexOf(old) : -1;
      if (flat && flatAt !== -1) this.flattened.set(entry.kind, withReplaced(flat, flatAt, entry));
      else this.flattened.delete(entry.kind);
      this.platformFlattened.delete(entry.kind);
    }
    return true;
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

/** Beyond this many replaced entries, regrouping the file is as cheap. */
const MAX_IN_PLACE = 64;

function withReplaced(list: readonly ManifestEntry[], at: number, entry: ManifestEntry): ManifestEntry[] {
  const copy = list.slice();
  copy[at] = entry;
  return copy;
}

function sameEntries(a: readonly ManifestEntry[], b: readonly ManifestEntry[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
