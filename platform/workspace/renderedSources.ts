import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, DiagnosticRelatedInformation, Location } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE } from '../diagnostics';
import type { AnalyzedChunk, FileAnalysis } from '../fileAnalysis';
import { asObject, asString } from '../rules/values';
import { helmSourceLocation, type ValuesSource } from '../sources/helmMapping';
import { kustomizeSourceLocation, type KustomizeSources, type SourceDocument } from '../sources/kustomizeMapping';
import { MAX_ALIAS_COUNT } from '../yaml/parseChunk';
import type { RenderRoot, SourceLayout } from '../sources/sourceLayout';
import { resolveRelative, uriKey } from '../sources/uris';
import { chunkRange, locate, type ParsedChunk, type PathSegment } from '../yaml/parseChunk';
import { shiftRange } from '../diagnostics';
import { isMap, isPair, isSeq, type Node } from 'yaml';
import { keyText } from '../yaml/parseChunk';

/** What rendering a chart or overlay gave; the front end runs the tool, the workspace validates. */
export type RenderOutcome =
  | { readonly kind: 'rendered'; readonly text: string; readonly tool: string; readonly valuesFiles?: readonly string[] }
  /** `file` (a URI) and `line` (0-based) where the tool named them. */
  | { readonly kind: 'failed'; readonly message: string; readonly tool: string; readonly file?: string; readonly line?: number }
  /** Not rendered: the workspace is restricted, or the tool is missing; `message` says which and what to do. */
  | { readonly kind: 'not-rendered'; readonly message: string };

/** The URI scheme of rendered output: held by the workspace, never published. */
export const RENDERED_SCHEME = 'berth-rendered';

export function isRenderedUri(uri: string): boolean {
  return uri.startsWith(`${RENDERED_SCHEME}:`);
}

export interface RenderedSourcesHost {
  /** A workspace file, by the URI the workspace holds it under. */
  fileByKey(key: string): { uri: string; text: string; analysis: FileAnalysis } | undefined;
  parsed(chunk: AnalyzedChunk): ParsedChunk;
  layout(): SourceLayout;
}

export interface RenderedFile {
  readonly root: RenderRoot;
  readonly outcome: RenderOutcome;
  /** The rendered output as a document of the workspace (analysed like a file), when rendered. */
  readonly document?: TextDocument;
}

/**
 * Charts and overlays as rendered: their output is analysed like a file, and each diagnostic
 * on it is moved to the template, values, patch or resource line that produced it.
 */
export class RenderedSources {
  private readonly byFolder = new Map<string, RenderedFile>();
  private version = 0;

  set(root: RenderRoot, outcome: RenderOutcome): RenderedFile {
    const uri = `${RENDERED_SCHEME}:${root.folder}`;
    const document = outcome.kind === 'rendered' ? TextDocument.create(uri, 'yaml', ++this.version, outcome.text) : undefined;
    const file: RenderedFile = { root, outcome, ...(document ? { document } : {}) };
    this.byFolder.set(uriKey(root.folder), file);
    return file;
  }

  /** Forgets a folder's rendering; returns the URI of its output document if it had one. */
  delete(folder: string): string | undefined {
    const key = uriKey(folder);
    const file = this.byFolder.get(key);
    this.byFolder.delete(key);
    return file?.document?.uri;
  }

  get(folder: string): RenderedFile | undefined {
    return this.byFolder.get(uriKey(folder));
  }

  all(): RenderedFile[] {
    return [...this.byFolder.values()];
  }

  /**
   * The diagnostics of every rendering, moved to the sources, by source URI key. `ofOutput` gives
   * the diagnostics of an output document as the workspace computes them for any file.
   */
  mapped(host: RenderedSourcesHost, ofOutput: (uri: string) => Diagnostic[]): Map<string, Diagnostic[]> {
    const out = new Map<string, Diagnostic[]>();
    const seen = new Set<string>();
    const add = (uri: string, diagnostic: Diagnostic): void => {
      const key = uriKey(uri);
      const identity = `${key}|${diagnostic.range.start.line}|${diagnostic.range.start.character}|${String(diagnostic.code)}|${String(diagnostic.message)}`;
      if (seen.has(identity)) return;
      seen.add(identity);
      let list = out.get(key);
      if (!list) out.set(key, (list = []));
      list.push(diagnostic);
    };
    const sources = kustomizeSources(host);
    for (const file of this.byFolder.values()) {
      const { root, outcome } = file;
      if (outcome.kind !== 'rendered') {
        const failed = outcome.kind === 'failed';
        const at = failed && outcome.file !== undefined && host.fileByKey(uriKey(outcome.file)) ? host.fileByKey(uriKey(outcome.file))!.uri : root.file;
        const line = failed && at !== root.file ? (outcome.line ?? 0) : failed ? (outcome.line ?? 0) : 0;
        const range = { start: { line, character: 0 }, end: { line, character: 1 } };
        const what = root.kind === 'chart' ? 'chart' : 'overlay';
        add(
          at,
          outcome.kind === 'failed'
            ? { range, severity: DiagnosticSeverity.Error, code: 'render-failed', source: DIAGNOSTIC_SOURCE, message: `${outcome.tool} could not render this ${what}: ${outcome.message}` }
            : { range, severity: DiagnosticSeverity.Information, code: 'not-rendered', source: DIAGNOSTIC_SOURCE, message: outcome.message },
        );
        continue;
      }
      const rendered = file.document!;
      const analysis = host.fileByKey(uriKey(rendered.uri))?.analysis;
      if (!analysis) continue;
      const values = root.kind === 'chart' ? valuesSources(host, root, outcome.valuesFiles ?? []) : [];
      for (const diagnostic of ofOutput(rendered.uri)) {
        const moved = this.moveToSource(host, sources, root, analysis, rendered, diagnostic, values, outcome.tool);
        add(moved.uri, moved.diagnostic);
      }
    }
    return out;
  }

  private moveToSource(host: RenderedSourcesHost, sources: KustomizeSources, root: RenderRoot, analysis: FileAnalysis, rendered: TextDocument, diagnostic: Diagnostic, values: readonly ValuesSource[], tool: string): { uri: string; diagnostic: Diagnostic } {
    const line = diagnostic.range.start.line;
    const located = analysis.chunks.find((c) => c.chunk.startLine <= line && line <= c.chunk.startLine + c.chunk.lineCount);
    const value = asObject(located?.analysis.value);
    const kind = asString(value?.kind);
    const name = asString(asObject(value?.metadata)?.name);
    const what = kind ? ` (${kind}${name ? ` ${name}` : ''} as rendered by ${tool})` : ` (as rendered by ${tool})`;
    let path: readonly (string | number)[] = [];
    if (located) {
      const parsed = host.parsed(located);
      path = pathContaining(parsed.doc.contents, rendered.offsetAt(diagnostic.range.start) - located.chunk.startOffset);
    }
    let target: { location: Location; related: readonly { location: Location; message: string }[] } | undefined;
    if (located && root.kind === 'chart') {
      const source = /^# Source: (.+)$/m.exec(located.chunk.text)?.[1]?.trim();
      const template = source === undefined ? undefined : templateFile(host, root, source);
      if (template) target = helmSourceLocation(template.uri, template.text, kind, path, values);
    } else if (located) {
      const location = kustomizeSourceLocation(sources, uriKey(root.folder), { ...(kind ? { kind } : {}), ...(name ? { name } : {}) }, path);
      if (location) target = { location, related: [] };
    }
    const related: DiagnosticRelatedInformation[] = [
      ...(target?.related ?? []).map((r) => ({ location: r.location, message: r.message })),
      ...(diagnostic.relatedInformation ?? []).filter((r) => !r.location.uri.startsWith(`${RENDERED_SCHEME}:`)),
    ];
    const message: unknown = diagnostic.message;
    const base: Diagnostic = { ...diagnostic, message: `${typeof message === 'string' ? message : String((message as { value?: unknown }).value ?? '')}${what}` };
    delete base.relatedInformation;
    delete base.data;
    if (!target) {
      return { uri: root.file, diagnostic: { ...base, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, ...(related.length > 0 ? { relatedInformation: related } : {}) } };
    }
    return { uri: target.location.uri, diagnostic: { ...base, range: target.location.range, ...(related.length > 0 ? { relatedInformation: related } : {}) } };
  }
}

/** The chart file helm names in `# Source: <chart>/templates/x.yaml` (subcharts: `<chart>/charts/<sub>/…`). */
function templateFile(host: RenderedSourcesHost, root: RenderRoot, source: string): { uri: string; text: string } | undefined {
  const key = resolveRelative(root.folder, source.split('/').slice(1).join('/'));
  const file = key === undefined ? undefined : host.fileByKey(key);
  return file ? { uri: file.uri, text: file.text } : undefined;
}

function valuesSources(host: RenderedSourcesHost, root: RenderRoot, previewFiles: readonly string[]): ValuesSource[] {
  const out: ValuesSource[] = [];
  for (const key of [resolveRelative(root.folder, 'values.yaml'), ...previewFiles.map(uriKey)]) {
    const file = key === undefined ? undefined : host.fileByKey(key);
    const first = file?.analysis.chunks.find((c) => c.analysis.shape !== 'empty');
    if (!file || !first) continue;
    const parsed = host.parsed(first);
    out.push({ uri: file.uri, doc: parsed.doc, lineCounter: parsed.lineCounter, startLine: first.chunk.startLine });
  }
  return out;
}

/** The workspace's files as the kustomize mapping reads them; each file's documents are read once per mapping. */
function kustomizeSources(host: RenderedSourcesHost): KustomizeSources {
  const layout = host.layout();
  const read = new Map<string, SourceDocument[] | undefined>();
  return {
    kustomization: (folderKey) => layout.kustomizationAt(folderKey)?.refs,
    documents: (fileKey) => {
      if (read.has(fileKey)) return read.get(fileKey);
      const file = host.fileByKey(fileKey);
      const documents = file?.analysis.chunks
        .filter((c) => c.analysis.shape !== 'empty' && c.analysis.shape !== 'broken')
        .map((located): SourceDocument => {
          const parsed = host.parsed(located);
          return {
            value: parsed.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown,
            locate: (path, exact) => locatePath(file.uri, parsed, located.chunk.startLine, path, exact),
          };
        });
      read.set(fileKey, documents);
      return documents;
    },
  };
}

/** The range at a path of a document (its value, else its key), or of its deepest existing ancestor unless `exact`. */
function locatePath(uri: string, parsed: ParsedChunk, startLine: number, path: readonly PathSegment[], exact: boolean): Location | undefined {
  const found = locate(parsed.doc, path);
  if (exact && found.depth < path.length) return undefined;
  if (found.depth === 0 && path.length > 0) return undefined;
  const node = found.depth === path.length && found.node?.range ? found.node : (found.pair?.key ?? found.node);
  const range = node?.range;
  if (!range) return undefined;
  return { uri, range: shiftRange(chunkRange(parsed.lineCounter, range[0], range[1]), startLine) };
}

/** The path of the deepest key or node whose range holds the offset: where a diagnostic starts. */
function pathContaining(root: Node | null, offset: number): PathSegment[] {
  const path: PathSegment[] = [];
  let node: Node | null = root;
  for (let depth = 0; node && depth < 256; depth++) {
    let next: Node | null = null;
    if (isMap(node)) {
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = item.key as Node | null;
        const value = item.value as Node | null;
        const name = keyText(key);
        if (name === undefined) continue;
        const start = key?.range?.[0] ?? 0;
        const end = value?.range?.[1] ?? key?.range?.[1] ?? start;
        if (offset < start || offset > end) continue;
        path.push(name);
        // On the key itself, the pair is the place.
        if (key?.range && offset <= key.range[1]) return path;
        next = value;
        break;
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const range = (item as Node | null)?.range;
        if (!next && range && offset >= range[0] && offset <= range[1]) {
          path.push(index);
          next = item as Node;
        }
      });
    }
    if (!next) return path;
    node = next;
  }
  return path;
}
