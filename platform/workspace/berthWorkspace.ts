import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Location, Position, Range, TextEdit } from 'vscode-languageserver-types';
import { checkFixes } from '../actions/checkFixes';
import { quickFixes } from '../actions/quickFixes';
import { pinnedImages } from '../policy/checks/pinnedImages';
import { shiftRange } from '../diagnostics';
import { chunkRange, locate, type PathSegment } from '../yaml/parseChunk';
import { pathAtOffset } from '../yaml/pathAtOffset';
import { definitions, references, type PendingLocation } from './navigation';
import { podTemplate } from './podTemplates';
import type { ManifestEntry } from './workspaceIndex';
import { DEFAULT_VALIDATION_SETTINGS, type ValidationSettings } from '../settings';
import { capDiagnostics, fileDiagnostics, toDiagnostic } from '../diagnostics';
import type { AnalyzedChunk } from '../fileAnalysis';
import type { BerthLanguageService } from '../languageService';
import { asObject, asString, field, type Obj } from '../rules/values';
import type { ChunkAnalysis } from '../validate/analyzeChunk';
import { issueRange } from '../validate/issueRanges';
import type { ChunkRange, ParsedChunk } from '../yaml/parseChunk';
import type { CrossIssue } from './crossIssue';
import { kubernetesReferenceIssues } from './kubernetesReferenceRules';
import { platformReferenceIssues } from './platformReferenceRules';
import { platformDocuments, type PlatformDocumentInfo } from './platformDocuments';
import { isPlatform, WorkspaceIndex } from './workspaceIndex';
import { workspaceCrds } from './workspaceCrds';
import type { Labels } from '../policy/podSecurity/namespaceLabels';
import { podPath, podSecurityIssues } from '../policy/podSecurity/podSecurityIssues';
import { restrictedFixes, type PodDocument } from '../policy/podSecurity/restrictedFix';
import { workspaceCheckIssues } from '../policy/checks/workspaceChecks';
import { clusterCrdDefinitions, type ClusterCrdSet } from './clusterCrds';

/** The annotation by which a Kubernetes manifest names the Cluster (and so the version) it targets. */
export const CLUSTER_ANNOTATION = 'berth.dev/cluster';

interface TrackedFile {
  readonly document: TextDocument;
  readonly settings: ValidationSettings;
}

/**
 * A set of YAML files seen as one platform: per-document analysis from the language service,
 * plus the checks that span documents. The language server keeps it current from open
 * documents and file events; the CLI fills it with the paths it is given.
 */
export class BerthWorkspace {
  private readonly index = new WorkspaceIndex();
  private readonly files = new Map<string, TrackedFile>();
  private crossIssues: Map<string, CrossIssue[]> | undefined;
  private knownContexts: readonly string[] = [];
  private clusterNamespaces: ReadonlyMap<string, Labels> = new Map();
  private readonly rangeCache = new WeakMap<ChunkAnalysis, Map<string, ChunkRange>>();
  private clusterVersions = new Map<string, string>();
  private epoch = 0;
  /** False while the workspace is still being read: cross-document findings would be premature. */
  private complete = true;
  /**
   * The CRDs or the Clusters' versions changed since some files were analysed. Those files are
   * analysed again when a result is next read, not at every change: reading a folder with many
   * CRD files stays linear (each file analysed at most twice) instead of once per CRD file.
   */
  private stale = false;

  constructor(private readonly service: BerthLanguageService) {
    service.setWorkspaceHooks({ kubernetesVersionFor: (value) => this.versionFor(value), epoch: 0 });
  }

  setFile(document: TextDocument, settings: ValidationSettings): void {
    this.files.set(document.uri, { document, settings });
    this.index.update(this.service.analyze(document, settings));
    this.crossIssues = undefined;
    this.refreshCrds(document.uri);
    this.refreshClusterVersions();
  }

  /**
   * As setFile, with the file's documents already analysed elsewhere (the CLI's worker threads,
   * under the same settings, CRDs and Clusters): the analyses are taken as they are.
   */
  adoptFile(document: TextDocument, settings: ValidationSettings, chunks: readonly AnalyzedChunk[]): void {
    this.service.adopt(document, settings, chunks);
    this.setFile(document, settings);
  }

  removeFile(uri: string): void {
    this.files.delete(uri);
    this.index.remove(uri);
    this.service.forget(uri);
    this.crossIssues = undefined;
    this.refreshCrds(uri);
    this.refreshClusterVersions();
  }

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  document(uri: string): TextDocument | undefined {
    return this.files.get(uri)?.document;
  }

  uris(): string[] {
    return [...this.files.keys()];
  }

  /** Parsed manifests of one file (in document order), or of the whole workspace. */
  manifestValues(uri?: string): Obj[] {
    this.settle();
    return [...(uri === undefined ? this.index.entries() : this.index.entriesOf(uri))].map((entry) => entry.value);
  }

  instanceTypes(): ReturnType<BerthLanguageService['registry']['platform']['instanceTypes']> {
    return this.service.registry.platform.instanceTypes();
  }

  /** Kubeconfig contexts that `spec.cluster` may name besides the workspace's Clusters. */
  setKnownContexts(contexts: readonly string[]): void {
    this.knownContexts = [...contexts];
    this.crossIssues = undefined;
  }

  /**
   * The CRDs of the connected cluster (live or from its cache), below the workspace's own and
   * above the bundled catalog; undefined forgets them. Like a CRD file's edit, a change has
   * every file analysed again when a result is next read. Returns whether anything changed.
   */
  setClusterCrds(set: ClusterCrdSet | undefined): boolean {
    const { crds, signature } = set ? clusterCrdDefinitions(set) : { crds: [], signature: '' };
    if (!this.service.registry.crds.setCluster(crds, signature)) return false;
    this.markStale();
    return true;
  }

  /** The Pod Security labels of the connected cluster's namespaces, by name (namespaces the workspace does not define). */
  setClusterNamespaces(namespaces: ReadonlyMap<string, Labels>): void {
    this.clusterNamespaces = namespaces;
    this.crossIssues = undefined;
  }

  /**
   * Whether every file of the workspace is in. Until it is, only per-document diagnostics are
   * given: "cluster not defined" must not flash up for a Cluster in a file not read yet.
   */
  setComplete(complete: boolean): void {
    this.complete = complete;
  }

  /** False while the workspace is still being read. */
  get isComplete(): boolean {
    return this.complete;
  }

  /** The Cluster, NodePool and Application documents of the workspace, for the views. */
  platformDocuments(): PlatformDocumentInfo[] {
    this.settle();
    return platformDocuments(this.index.entries());
  }

  /** Every diagnostic of a file: its own documents' and the cross-document ones. */
  diagnostics(uri: string): Diagnostic[] {
    const file = this.files.get(uri);
    if (!file) return [];
    this.settle();
    const own = fileDiagnostics(this.service.analyze(file.document, file.settings));
    const cross = (this.complete ? (this.cross().get(uri) ?? []) : []).map((c) => toDiagnostic(uri, { ...c.issue, range: this.rangeOf(c) }, c.entry.chunk.startLine));
    return capDiagnostics([...own, ...cross].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character));
  }

  /** Changes when the file's cross-document findings, or the CRDs its custom resources follow, change: what to republish after an edit elsewhere. */
  crossSignature(uri: string): string {
    if (!this.complete) return '';
    this.settle();
    // A CRD edit elsewhere may change this file's own findings too (its custom resources).
    const crds = this.service.registry.crds.generation > 0 ? `crds ${this.service.registry.crds.generation}\n` : '';
    return crds + (this.cross().get(uri) ?? []).map((c) => `${c.entry.chunk.startLine}|${c.issue.code}|${c.issue.severity}|${c.issue.path.join('/')}|${c.issue.message}`).join('\n');
  }

  definition(uri: string, position: Position): Location[] {
    this.settle();
    const at = this.pathAt(uri, position);
    return at ? definitions(this.index, at.entry, at.path) : [];
  }

  references(uri: string, position: Position, includeDeclaration: boolean): Location[] {
    this.settle();
    const at = this.pathAt(uri, position);
    if (!at) return [];
    return references(this.index, at.entry, at.path, includeDeclaration).map((location) => this.refine(location));
  }

  codeActions(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
    const document = this.document(uri);
    if (!document) return [];
    this.settle();
    return [
      ...quickFixes(document, diagnostics, (d) => this.apiMoveEdits(uri, d.range.start)),
      ...restrictedFixes(document, diagnostics, (line) => this.podAt(uri, line)),
      ...checkFixes(document, diagnostics, { parsedAt: (line) => this.parsedAt(uri, line), pinnedImages: (repository) => pinnedImages(this.index.entries(), repository) }),
    ];
  }

  /** The parsed document at a line of a file, and where it starts in the file. */
  private parsedAt(uri: string, line: number): { parsed: ParsedChunk; startOffset: number } | undefined {
    const entry = this.entryAt(uri, line);
    return entry ? { parsed: this.service.parsed({ chunk: entry.chunk, analysis: entry.analysis }), startOffset: entry.chunk.startOffset } : undefined;
  }

  /** The pod of the document at a line, for the Pod Security quick fix. */
  private podAt(uri: string, line: number): PodDocument | undefined {
    const entry = this.entryAt(uri, line);
    const path = entry && podPath(entry);
    return entry && path ? { parsed: this.service.parsed({ chunk: entry.chunk, analysis: entry.analysis }), specPath: [...path, 'spec'], value: entry.value } : undefined;
  }

  /** The manifest and data path under a position. */
  private pathAt(uri: string, position: Position): { entry: ManifestEntry; path: PathSegment[] } | undefined {
    const file = this.files.get(uri);
    if (!file) return undefined;
    this.index.update(this.service.analyze(file.document, file.settings));
    const entry = this.entryAt(uri, position.line);
    if (!entry) return undefined;
    const parsed = this.service.parsed({ chunk: entry.chunk, analysis: entry.analysis });
    const hit = pathAtOffset(parsed, file.document.offsetAt(position) - entry.chunk.startOffset);
    return hit ? { entry, path: hit.path } : undefined;
  }

  private entryAt(uri: string, line: number): ManifestEntry | undefined {
    let found: ManifestEntry | undefined;
    for (const entry of this.index.entriesOf(uri)) {
      if (entry.chunk.startLine > line) continue;
      if (!found || entry.chunk.startLine > found.chunk.startLine) found = entry;
    }
    return found && line <= found.chunk.startLine + found.chunk.lineCount ? found : undefined;
  }

  /** A reference points at the exact value that names its target. */
  private refine(location: PendingLocation): Location {
    if (!location.entry || !location.path) return { uri: location.uri, range: location.range };
    const parsed = this.service.parsed({ chunk: location.entry.chunk, analysis: location.entry.analysis });
    const node = locate(parsed.doc, location.path).node;
    const range = node?.range;
    return range ? { uri: location.uri, range: shiftRange(chunkRange(parsed.lineCounter, range[0], range[1]), location.entry.chunk.startLine) } : { uri: location.uri, range: location.range };
  }

  /**
   * The mechanical part of moving a workload to apps/v1: it requires `spec.selector`, which
   * the old APIs derived from the template labels, so the fix writes those labels out.
   */
  private apiMoveEdits(uri: string, position: Position): TextEdit[] {
    const entry = this.entryAt(uri, position.line);
    if (!entry || !['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet'].includes(entry.kind) || field(entry.value, 'spec', 'selector') !== undefined) return [];
    const labels = Object.entries(podTemplate(entry)?.labels ?? {});
    const parsed = this.service.parsed({ chunk: entry.chunk, analysis: entry.analysis });
    const spec = locate(parsed.doc, ['spec']);
    const specValue = spec.node?.range;
    if (labels.length === 0 || !spec.pair || !specValue) return [];
    const start = chunkRange(parsed.lineCounter, specValue[0], specValue[0]).start;
    const specKeyLine = chunkRange(parsed.lineCounter, spec.pair.key.range?.[0] ?? 0, spec.pair.key.range?.[0] ?? 0).start.line;
    if (start.line === specKeyLine) return []; // a flow mapping on the key's line: leave it to the user
    const indent = ' '.repeat(start.character);
    const text = [`${indent}selector:`, `${indent}  matchLabels:`, ...labels.map(([k, v]) => `${indent}    ${k}: ${JSON.stringify(v)}`)].join('\n') + '\n';
    const at: Range['start'] = { line: start.line + entry.chunk.startLine, character: 0 };
    return [{ range: { start: at, end: at }, newText: text }];
  }

  private cross(): Map<string, CrossIssue[]> {
    this.settle();
    if (!this.crossIssues) {
      const catalog = this.service.registry.platform.instanceTypes();
      const all = [...platformReferenceIssues(this.index, catalog, this.knownContexts), ...kubernetesReferenceIssues(this.index), ...podSecurityIssues(this.index, { defaultLevel: (e) => (this.files.get(e.uri)?.settings ?? DEFAULT_VALIDATION_SETTINGS).podSecurity, clusterNamespaces: this.clusterNamespaces })];
      all.push(...workspaceCheckIssues(this.index, (uri) => this.files.get(uri)?.settings.checks));
      const byUri = new Map<string, CrossIssue[]>();
      for (const issue of all) {
        let list = byUri.get(issue.entry.uri);
        if (!list) byUri.set(issue.entry.uri, (list = []));
        list.push(issue);
      }
      this.crossIssues = byUri;
    }
    return this.crossIssues;
  }

  /** Ranges need the document's AST; they are computed once per unchanged document and issue. */
  private rangeOf(cross: CrossIssue): ChunkRange {
    const { analysis, chunk } = cross.entry;
    let ranges = this.rangeCache.get(analysis);
    if (!ranges) this.rangeCache.set(analysis, (ranges = new Map()));
    const key = `${cross.issue.on}:${cross.issue.path.join('\u0000')}`;
    let range = ranges.get(key);
    if (!range) {
      const parsed = this.service.parsed({ chunk, analysis });
      range = issueRange(parsed.doc, parsed.lineCounter, cross.issue);
      ranges.set(key, range);
    }
    return range;
  }

  /**
   * The CRDs of a file feed the schema registry; when they change, every file is analysed again
   * (the analyses' cache key holds the CRD generation), so custom resources follow their CRD.
   */
  private refreshCrds(uri: string): void {
    const { crds, signature } = workspaceCrds(this.index.entriesOf(uri));
    if (!this.service.registry.crds.setFile(uri, crds, signature)) return;
    this.markStale();
  }

  private markStale(): void {
    this.stale = true;
    this.crossIssues = undefined;
  }

  /** Analyses again what a CRD or Cluster change left stale (files analysed since are cache hits). */
  private settle(): void {
    if (!this.stale) return;
    this.stale = false;
    for (const file of this.files.values()) this.index.update(this.service.analyze(file.document, file.settings));
  }

  private versionFor(value: Obj): string | undefined {
    const cluster = asString(asObject(field(value, 'metadata', 'annotations'))?.[CLUSTER_ANNOTATION]);
    return cluster === undefined ? undefined : this.clusterVersions.get(cluster);
  }

  /**
   * Kubernetes documents that name a Cluster are validated against its version; when a
   * Cluster's version changes, every file is analysed again under the new versions.
   */
  private refreshClusterVersions(): void {
    const versions = new Map<string, string>();
    for (const cluster of this.index.ofKind('Cluster')) {
      if (!isPlatform(cluster, 'Cluster')) continue;
      const version = asString(field(cluster.value, 'spec', 'kubernetesVersion'));
      if (version && /^\d+\.\d+/.test(version) && !versions.has(cluster.name)) versions.set(cluster.name, version.split('.').slice(0, 2).join('.'));
    }
    const same = versions.size === this.clusterVersions.size && [...versions].every(([k, v]) => this.clusterVersions.get(k) === v);
    if (same) return;
    this.clusterVersions = versions;
    this.epoch++;
    this.service.setWorkspaceHooks({ kubernetesVersionFor: (value) => this.versionFor(value), epoch: this.epoch });
    this.markStale();
  }
}
