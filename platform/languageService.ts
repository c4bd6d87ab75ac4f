import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, Diagnostic, DocumentSymbol, Hover, Position } from 'vscode-languageserver-types';
import type { ValidationSettings } from './settings';
import { complete } from './complete/completion';
import type { CompletionWorkspace } from './complete/clusterNames';
import { parseSnippetFile, type DocumentSnippet } from './complete/snippets';
import { capDiagnostics, fileDiagnostics } from './diagnostics';
import { FileAnalysisCache, type AnalyzedChunk, type FileAnalysis } from './fileAnalysis';
import { hover } from './hover/hover';
import { BundledCrds } from './schema/crd/bundledCrds';
import { CrdCatalog } from './schema/crd/crdCatalog';
import type { KubernetesSchemaSource } from './schema/lookup';
import { PlatformSchemas } from './schema/platformSchemas';
import type { SchemaFileReader } from './schema/schemaFiles';
import { SchemaRegistry } from './schema/schemaRegistry';
import { documentSymbols } from './symbols/documentSymbols';
import type { Obj } from './rules/values';
import { analyzeChunk, type AnalysisContext, type ChunkAnalysis } from './validate/analyzeChunk';
import { SchemaValidator } from './validate/schemaValidator';
import { checkLevelsKey } from './policy/checks/levels';
import { parseChunk, type ParsedChunk } from './yaml/parseChunk';
import { tracksChanges } from './text/changedSpan';
import type { YamlChunk } from './yaml/splitDocuments';

export interface LanguageServiceOptions {
  /** Reads a file below `schemas/`. */
  readonly readSchemaFile: SchemaFileReader;
  readonly kubernetesSchemas: KubernetesSchemaSource;
  /** The text of `snippets/berth.code-snippets`, if any; or how to read it when completion first needs it. */
  readonly snippetFile?: string | (() => string | undefined) | undefined;
}

/** Hooks through which workspace knowledge (cross-document rules) refines per-document analysis. */
export interface WorkspaceHooks {
  /** The Kubernetes version for a document, e.g. from the Cluster its annotation names. */
  readonly kubernetesVersionFor?: (value: Obj) => string | undefined;
  /** Changes whenever an answer of kubernetesVersionFor may have changed. */
  readonly epoch?: number;
}

/**
 * Berth's pure language service: documents and positions in, LSP types out. Used by the
 * language server, the CLI and plain Node tests alike.
 */
export class BerthLanguageService {
  readonly registry: SchemaRegistry;
  private readonly validator = new SchemaValidator();
  private readonly files = new FileAnalysisCache();
  private readonly snippetFile: LanguageServiceOptions['snippetFile'];
  private snippetList: DocumentSnippet[] | undefined;
  /** Recently parsed documents, for hover and definition (the analyses keep no ASTs, to save memory; the last 16 parses are kept here). */
  private readonly recentParses = new Map<string, ParsedChunk>();
  private hooks: WorkspaceHooks = {};

  constructor(options: LanguageServiceOptions) {
    this.registry = new SchemaRegistry(new PlatformSchemas(options.readSchemaFile), options.kubernetesSchemas, new CrdCatalog(new BundledCrds(options.readSchemaFile)));
    this.snippetFile = options.snippetFile;
  }

  /** Parsed on first use: a validation never completes, so it never reads the file. */
  private snippets(): DocumentSnippet[] {
    this.snippetList ??= parseSnippetFile(typeof this.snippetFile === 'function' ? this.snippetFile() : this.snippetFile);
    return this.snippetList;
  }

  setWorkspaceHooks(hooks: WorkspaceHooks): void {
    this.hooks = hooks;
  }

  analyze(document: TextDocument, settings: ValidationSettings): FileAnalysis {
    const source = tracksChanges(document) ? document : undefined;
    return this.files.analyze(document.uri, document.version, source ? source.fileText() : document.getText(), this.analysisContext(settings), this.contextKey(settings), source);
  }

  /**
   * Analyses documents of a file apart from the file, as `analyze` would: how the CLI's worker
   * threads share a large input. The results go back to the service that owns the file through `adopt`.
   */
  analyzeChunks(chunks: readonly YamlChunk[], settings: ValidationSettings): ChunkAnalysis[] {
    const context = this.analysisContext(settings);
    return chunks.map((chunk) => analyzeChunk(chunk, context));
  }

  /**
   * Takes a file's analysis made elsewhere (by `analyzeChunks` in a service whose schemas, CRDs
   * and hooks matched this one's) as if `analyze` had made it here.
   */
  adopt(document: TextDocument, settings: ValidationSettings, chunks: readonly AnalyzedChunk[]): void {
    this.files.adopt({ uri: document.uri, version: document.version, chunks }, document.getText(), this.contextKey(settings));
  }

  private analysisContext(settings: ValidationSettings): AnalysisContext {
    return {
      registry: this.registry,
      validator: this.validator,
      settings,
      onParsed: (parsed) => this.rememberParse(parsed),
      ...(this.hooks.kubernetesVersionFor ? { kubernetesVersionFor: this.hooks.kubernetesVersionFor } : {}),
    };
  }

  /** What an analysis depends on besides the text: a change analyses every file again. */
  private contextKey(settings: ValidationSettings): string {
    return `${settings.kubernetesVersion}|${settings.unknownFields}|${settings.maxFileSize}|${this.hooks.epoch ?? 0}|${settings.missingSchemas}|${this.registry.crds.generation}|${checkLevelsKey(settings.checks)}`;
  }

  diagnostics(document: TextDocument, settings: ValidationSettings): Diagnostic[] {
    return capDiagnostics(fileDiagnostics(this.analyze(document, settings)));
  }

  documentSymbols(document: TextDocument, settings: ValidationSettings): DocumentSymbol[] {
    return documentSymbols(this.analyze(document, settings));
  }

  /** Completion at a position; `workspace` adds what the document alone cannot know (the names of Clusters and contexts). */
  complete(document: TextDocument, position: Position, settings: ValidationSettings, workspace?: CompletionWorkspace): CompletionItem[] {
    // A position past the end (a client racing an edit, or garbage) is clamped: completion walks
    // the lines above the cursor, and line 1e9 would take minutes.
    position = document.positionAt(document.offsetAt(position));
    const located = this.chunkAt(document, position, settings);
    if (!located) return [];
    const { chunk, analysis } = located;
    return complete(
      {
        lines: chunk.text.split(/\r?\n/),
        line: position.line - chunk.startLine,
        character: position.character,
        startLine: chunk.startLine,
        kubernetesVersion: analysis.kubernetesVersion,
        value: analysis.value,
      },
      this.registry,
      this.snippets(),
      workspace,
    );
  }

  hover(document: TextDocument, position: Position, settings: ValidationSettings): Hover | undefined {
    const located = this.chunkAt(document, position, settings);
    if (!located) return undefined;
    const parsed = this.parsed(located);
    const offset = document.offsetAt(position) - located.chunk.startOffset;
    return hover(parsed, offset, this.registry, located.analysis.kubernetesVersion);
  }

  /** The parsed AST of a document, from a small cache of recent ones. */
  parsed(located: AnalyzedChunk): ParsedChunk {
    const key = located.chunk.text;
    const parsed = this.recentParses.get(key);
    if (parsed && parsed.chunk.startOffset === located.chunk.startOffset && parsed.chunk.startLine === located.chunk.startLine) {
      return parsed;
    }
    return this.rememberParse(parseChunk(located.chunk));
  }

  /** Keeps the 16 most recent parses: the documents being edited and hovered. */
  private rememberParse(parsed: ParsedChunk): ParsedChunk {
    const key = parsed.chunk.text;
    this.recentParses.delete(key);
    this.recentParses.set(key, parsed);
    if (this.recentParses.size > 16) this.recentParses.delete(this.recentParses.keys().next().value as string);
    return parsed;
  }

  chunkAt(document: TextDocument, position: Position, settings: ValidationSettings): AnalyzedChunk | undefined {
    const file = this.analyze(document, settings);
    let found: AnalyzedChunk | undefined;
    for (const entry of file.chunks) {
      if (entry.chunk.startLine > position.line) break;
      found = entry;
    }
    return found;
  }

  forget(uri: string): void {
    this.files.forget(uri);
  }
}
