import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type CodeAction, type Diagnostic, type Location, type Position, type Range, type TextEdit } from 'vscode-languageserver-types';
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
import type { AnalyzedChunk, FileAnalysis } from '../fileAnalysis';
import type { BerthLanguageService } from '../languageService';
import { asObject, asString, field, type Obj } from '../rules/values';
import type { ChunkAnalysis } from '../validate/analyzeChunk';
import { issueRange } from '../validate/issueRanges';
import { plainIssuePlacer } from '../validate/plainIssueRanges';
import type { Issue } from '../validate/issue';
import type { ChunkRange, ParsedChunk } from '../yaml/parseChunk';
import type { CrossIssue } from './crossIssue';
import { kubernetesReferenceRule } from './kubernetesReferenceRules';
import { platformReferenceRule } from './platformReferenceRules';
import { CrossRuleCache } from './crossRuleCache';
import { comparePositions, mergeByPosition, sortedByPosition } from './byPosition';
import { platformDocuments, type PlatformDocumentInfo } from './platformDocuments';
import { isPlatform, WorkspaceIndex } from './workspaceIndex';
import { workspaceCrds } from './workspaceCrds';
import type { Labels } from '../policy/podSecurity/namespaceLabels';
import { podPath, podSecurityRule, type PodSecurityOptions } from '../policy/podSecurity/podSecurityIssues';
import { restrictedFixes, type PodDocument } from '../policy/podSecurity/restrictedFix';
import { workspaceChecksRule } from '../policy/checks/workspaceChecks';
import { clusterCrdDefinitions, type ClusterCrdSet } from './clusterCrds';
import { SourceLayout, type FileRole, type RenderRoot } from '../sources/sourceLayout';
import { baseName, uriKey } from '../sources/uris';
import { KUSTOMIZATION_FILE_NAMES } from '../sources/kustomization';
import { isRenderedUri, RenderedSources, type RenderOutcome } from './renderedSources';
import { ChartIndex } from '../charts/chartIndex';
import { chartYamlIssues } from '../charts/chartYaml';
import { kustomizationIssues } from '../charts/kustomization';
import { valuesIssues } from '../charts/valuesSchema';
import type { ClusterNameCandidate } from '../complete/clusterNames';

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
  /** Each document's cross-issue ranges, and its plain reader's placer (null when the document is not plain). */
  private readonly rangeCache = new WeakMap<ChunkAnalysis, { readonly ranges: Map<string, ChunkRange>; readonly plain: ((issue: Issue) => ChunkRange | undefined) | null }>();
  /** Each file's own diagnostics as last worked out, with each document's share by position. */
  private readonly ownShares = new Map<string, { readonly analysis: FileAnalysis; readonly parts: readonly (readonly Diagnostic[])[]; readonly shapes: Uint8Array; readonly diagnostics: readonly Diagnostic[]; readonly inOrder: boolean }>();
  private readonly chunkDiagnostics = new WeakMap<ChunkAnalysis, { readonly uri: string; readonly startLine: number; readonly diagnostics: readonly Diagnostic[] }>();
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
  /** Charts, overlays and each file's role; read again when a file is added or removed, or a Chart.yaml or kustomization changes. */
  private layoutCache: SourceLayout | undefined;
  /** Workspace URIs by uriKey: tools and kustomizations name files by path, spelled their own way. */
  private readonly keys = new Map<string, string>();
  private readonly rendered = new RenderedSources();
  /** The rendered outputs, analysed like files but never published. */
  private readonly renderedFiles = new Map<string, TrackedFile>();
  private mappedCache: Map<string, Diagnostic[]> | undefined;
  /** Renderings of folders that are no longer charts or overlays are dropped when the layout is next read. */
  private pruneRendered = false;
  /**
   * The cross-document rules, in the order their findings are listed, each keeping its findings
   * per document: after an edit only what the edit changed is judged again.
   */
  private readonly crossRules = [
    new CrossRuleCache(platformReferenceRule(() => this.service.registry.platform.instanceTypes(), () => this.knownContexts)),
    new CrossRuleCache(kubernetesReferenceRule()),
    new CrossRuleCache(podSecurityRule(this.podSecurityOptions())),
    new CrossRuleCache(workspaceChecksRule((uri) => this.files.get(uri)?.settings.checks)),
  ];
  /** Something besides the index that the cross-document rules read changed: they start over. */
  private crossInputsChanged = false;

  /** The workspace's Helm charts, for `.Values` hover, definition, completion and references in templates and values.yaml. */
  readonly charts = new ChartIndex();

  constructor(private readonly service: BerthLanguageService) {
    service.setWorkspaceHooks({ kubernetesVersionFor: (value) => this.versionFor(value), epoch: 0 });
  }

  setFile(document: TextDocument, settings: ValidationSettings): void {
    const previous = this.files.get(document.uri);
    if (previous && previous.settings !== settings) this.crossInputsChanged = true;
    this.files.set(document.uri, { document, settings });
    this.charts.setDocument(document);
    this.keys.set(uriKey(document.uri), document.uri);
    if (shapesLayout(document.uri)) this.layoutChanged();
    this.indexFile(this.service.analyze(document, settings));
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
    this.charts.removeFile(uri);
    if (this.files.delete(uri) && shapesLayout(uri)) this.layoutChanged();
    this.keys.delete(uriKey(uri));
    this.index.remove(uri);
    this.service.forget(uri);
    this.ownShares.delete(uri);
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

  /** Parsed manifests of one file (in document order), or of the whole workspace (rendered charts and overlays left out). */
  manifestValues(uri?: string): Obj[] {
    this.settle();
    return [...(uri === undefined ? this.ownEntries() : this.index.entriesOf(uri))].map((entry) => entry.value);
  }

  /** What a file is: a manifest, a Helm template, a kustomize patch, a Chart.yaml… */
  role(uri: string): FileRole {
    return this.layout().role(uri);
  }

  /** The charts and overlays to render (the front ends run helm and kustomize). */
  renderRoots(): RenderRoot[] {
    return this.layout().roots();
  }

  /** The chart or overlay a file belongs to, if any: what to render again when it changes. */
  renderRootsOf(uri: string): RenderRoot[] {
    const key = uriKey(uri);
    return this.renderRoots().filter((root) => key.startsWith(`${uriKey(root.folder)}/`) || this.rendersFrom(root, key));
  }

  /** Takes the result of rendering a chart or overlay: its objects are validated as if they were a file. */
  setRendered(root: RenderRoot, outcome: RenderOutcome): void {
    const previous = this.rendered.delete(root.folder);
    if (previous) this.forgetRendered(previous);
    const file = this.rendered.set(root, outcome);
    if (file.document) {
      const settings = this.files.get(root.file)?.settings ?? DEFAULT_VALIDATION_SETTINGS;
      this.renderedFiles.set(file.document.uri, { document: file.document, settings });
      this.keys.set(uriKey(file.document.uri), file.document.uri);
      this.index.update(this.service.analyze(file.document, settings));
    }
    this.crossIssues = undefined;
    this.mappedCache = undefined;
  }

  /** The rendered output of a chart or overlay, as last set. */
  renderedOutput(folder: string): RenderOutcome | undefined {
    return this.rendered.get(folder)?.outcome;
  }

  instanceTypes(): ReturnType<BerthLanguageService['registry']['platform']['instanceTypes']> {
    return this.service.registry.platform.instanceTypes();
  }

  /** Kubeconfig contexts that `spec.cluster` may name besides the workspace's Clusters. */
  setKnownContexts(contexts: readonly string[]): void {
    this.knownContexts = [...contexts];
    this.crossInputsChanged = true;
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
    this.crossInputsChanged = true;
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
    // Only these kinds are platform documents: the rest of the index need not be walked.
    return platformDocuments([...this.index.platform('Cluster'), ...this.index.platform('NodePool'), ...this.index.platform('Application')].filter((entry) => !isRenderedUri(entry.uri)));
  }

  /** What a cluster reference may name, for completion: the workspace's Cluster documents (first of each name), then the known contexts. */
  clusterNames(): ClusterNameCandidate[] {
    this.settle();
    const found: ClusterNameCandidate[] = [];
    for (const entry of this.ownEntries()) {
      if (!isPlatform(entry, 'Cluster') || entry.name === '') continue;
      const provider = asString(field(entry.value, 'spec', 'provider'));
      found.push({ source: 'cluster', name: entry.name, uri: entry.uri, ...(provider !== undefined ? { provider } : {}) });
    }
    found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return [...found, ...this.knownContexts.map((name): ClusterNameCandidate => ({ source: 'context', name }))];
  }

  /** Every diagnostic of a file: its own documents' and the cross-document ones. */
  diagnostics(uri: string): Diagnostic[] {
    const file = this.files.get(uri);
    if (!file) return [];
    this.settle();
    const role = this.role(uri);
    const analysis = this.service.analyze(file.document, file.settings);
    const shares = this.fileDiagnostics(analysis);
    const chart = this.chartFileDiagnostics(uri, role, analysis);
    const own = chart.length === 0 ? ownDiagnostics(role, shares.diagnostics) : [...ownDiagnostics(role, shares.diagnostics), ...chart];
    const cross = this.crossDiagnostics(uri);
    const fromRendering = this.complete ? (this.mapped().get(uriKey(uri)) ?? []) : [];
    let moved: Diagnostic[] = [];
    if (fromRendering.length > 0) {
      const reported = new Set([...own, ...cross].map((d) => `${d.range.start.line}|${String(d.code)}`));
      // helm refuses values its schema rejects; Berth's own check already says where, key by key.
      const schemaChecked = own.some((d) => String(d.code).startsWith('values-') && d.severity === DiagnosticSeverity.Error);
      moved = fromRendering.filter((d) => !reported.has(`${d.range.start.line}|${String(d.code)}`) && !(schemaChecked && d.code === 'render-failed' && /meet the specifications of the schema/.test(String(d.message))));
    }
    // Sorting [own, cross, moved] stably by position, without sorting own's thousands again.
    const ownInOrder = shares.inOrder && chart.length === 0 ? own : sortedByPosition(own);
    return capDiagnostics(mergeByPosition([ownInOrder, sortedByPosition(cross), sortedByPosition(moved)]));
  }

  /**
   * fileDiagnostics, each document's share in position order, with each share kept while the
   * document is unchanged and stays on its line: after an edit only the edited document's
   * diagnostics are made again. `inOrder`: the whole list is in position order too (the shares
   * follow each other down the file, as they do unless a diagnostic falls outside its document).
   */
  private fileDiagnostics(analysis: FileAnalysis): { readonly diagnostics: readonly Diagnostic[]; readonly inOrder: boolean } {
    if (analysis.oversized) return { diagnostics: fileDiagnostics(analysis), inOrder: false };
    const before = this.ownShares.get(analysis.uri);
    if (before?.analysis === analysis) return before;
    // Each document's share by position: a document that is the same object on the same line
    // keeps its share (and its shape) without its analysis being read again.
    const parts = new Array<readonly Diagnostic[]>(analysis.chunks.length);
    const shapes = new Uint8Array(analysis.chunks.length);
    let shaped = false;
    let inOrder = true;
    let last: Diagnostic | undefined;
    const out: Diagnostic[] = [];
    for (let i = 0; i < analysis.chunks.length; i++) {
      const located = analysis.chunks[i]!;
      const was = before?.analysis.chunks[i];
      if (was !== undefined && was.analysis === located.analysis && (was.chunk === located.chunk || was.chunk.startLine === located.chunk.startLine)) {
        parts[i] = before!.parts[i]!;
        shapes[i] = before!.shapes[i]!;
      } else {
        parts[i] = this.chunkShare(analysis, located);
        shapes[i] = located.analysis.shape === 'list' || located.analysis.shape === 'scalar' ? 1 : 0;
      }
      shaped ||= shapes[i] === 1;
      const part = parts[i]!;
      if (part.length === 0) continue;
      if (last && comparePositions(last, part[0]!) > 0) inOrder = false;
      last = part[part.length - 1];
      for (const d of part) out.push(d);
    }
    // A list or a lone value is reported by what the rest of the file holds: worked out whole.
    const kept = { analysis, parts, shapes, diagnostics: shaped ? fileDiagnostics(analysis) : out, inOrder: !shaped && inOrder };
    this.ownShares.set(analysis.uri, kept);
    return kept;
  }

  /** One document's diagnostics, kept while the document is unchanged and stays on its line. */
  private chunkShare(analysis: FileAnalysis, located: AnalyzedChunk): readonly Diagnostic[] {
    if (located.analysis.diagnostics.length === 0) return [];
    let kept = this.chunkDiagnostics.get(located.analysis);
    if (!kept || kept.uri !== analysis.uri || kept.startLine !== located.chunk.startLine) {
      kept = { uri: analysis.uri, startLine: located.chunk.startLine, diagnostics: sortedByPosition(fileDiagnostics({ uri: analysis.uri, version: analysis.version, chunks: [located] })) };
      this.chunkDiagnostics.set(located.analysis, kept);
    }
    return kept.diagnostics;
  }

  /** A Chart.yaml, kustomization or values.yaml checked as helm and kustomize read it. */
  private chartFileDiagnostics(uri: string, role: FileRole, analysis: FileAnalysis): Diagnostic[] {
    if (role !== 'chart' && role !== 'kustomization' && role !== 'values') return [];
    const first = analysis.chunks.find((c) => c.analysis.shape !== 'empty');
    if (!first) return [];
    const parsed = this.service.parsed(first);
    const found = role === 'chart' ? chartYamlIssues(parsed) : role === 'kustomization' ? kustomizationIssues(parsed) : valuesIssues(parsed, this.charts.valuesSchemaText(uri));
    return found.map((d) => toDiagnostic(uri, d, first.chunk.startLine));
  }

  private crossDiagnostics(uri: string): Diagnostic[] {
    return (this.complete ? (this.cross().get(uri) ?? []) : []).map((c) => toDiagnostic(uri, { ...c.issue, range: this.rangeOf(c) }, c.entry.chunk.startLine));
  }

  /** The diagnostics of every rendered chart and overlay, moved to the files that produced them, by uriKey. */
  private mapped(): Map<string, Diagnostic[]> {
    this.settle();
    if (!this.mappedCache) {
      this.mappedCache = this.rendered.mapped(
        {
          fileByKey: (key) => {
            const uri = this.keys.get(key);
            const file = uri === undefined ? undefined : (this.files.get(uri) ?? this.renderedFiles.get(uri));
            return file && uri !== undefined ? { uri, text: file.document.getText(), analysis: this.service.analyze(file.document, file.settings) } : undefined;
          },
          parsed: (chunk) => this.service.parsed(chunk),
          layout: () => this.layout(),
        },
        (uri) => {
          const file = this.renderedFiles.get(uri);
          return file ? [...fileDiagnostics(this.service.analyze(file.document, file.settings)), ...this.crossDiagnostics(uri)] : [];
        },
      );
    }
    return this.mappedCache;
  }

  /** Changes when the file's cross-document findings, or the CRDs its custom resources follow, change: what to republish after an edit elsewhere. */
  crossSignature(uri: string): string {
    if (!this.complete) return '';
    this.settle();
    // A CRD edit elsewhere may change this file's own findings too (its custom resources).
    const crds = this.service.registry.crds.generation > 0 ? `crds ${this.service.registry.crds.generation}\n` : '';
    const moved = (this.mapped().get(uriKey(uri)) ?? []).map((d) => `${d.range.start.line}:${d.range.start.character}|${String(d.code)}|${d.message}\n`).join('');
    return crds + moved + (this.cross().get(uri) ?? []).map((c) => `${c.entry.chunk.startLine}|${c.issue.code}|${c.issue.severity}|${c.issue.path.join('/')}|${c.issue.message}`).join('\n');
  }

  definition(uri: string, position: Position): Location[] {
    this.settle();
    const at = this.pathAt(uri, position);
    return at ? definitions(this.index, at.entry, at.path).filter((l) => !isRenderedUri(l.uri)) : [];
  }

  references(uri: string, position: Position, includeDeclaration: boolean): Location[] {
    this.settle();
    const at = this.pathAt(uri, position);
    if (!at) return [];
    return references(this.index, at.entry, at.path, includeDeclaration)
      .filter((l) => !isRenderedUri(l.uri))
      .map((location) => this.refine(location));
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
    if (!entry) return undefined;
    const located = this.locatedNow(uri, entry);
    return { parsed: this.service.parsed(located), startOffset: located.chunk.startOffset };
  }

  /** The pod of the document at a line, for the Pod Security quick fix. */
  private podAt(uri: string, line: number): PodDocument | undefined {
    const entry = this.entryAt(uri, line);
    const path = entry && podPath(entry);
    return entry && path ? { parsed: this.service.parsed(this.locatedNow(uri, entry)), specPath: [...path, 'spec'], value: entry.value } : undefined;
  }

  /** The manifest and data path under a position. */
  private pathAt(uri: string, position: Position): { entry: ManifestEntry; path: PathSegment[] } | undefined {
    const file = this.files.get(uri);
    if (!file) return undefined;
    this.indexFile(this.service.analyze(file.document, file.settings));
    const entry = this.entryAt(uri, position.line);
    if (!entry) return undefined;
    const located = this.locatedNow(uri, entry);
    const hit = pathAtOffset(this.service.parsed(located), file.document.offsetAt(position) - located.chunk.startOffset);
    return hit ? { entry, path: hit.path } : undefined;
  }

  /**
   * An index entry's document where it is now. An entry is kept while its document is unchanged
   * and on the same line (the cross-document rules cache per entry), also when an edit above it
   * on that line moved its offset; a document starts at a line start, so the line gives the offset.
   */
  private locatedNow(uri: string, entry: ManifestEntry): AnalyzedChunk {
    const document = this.files.get(uri)?.document;
    const startOffset = document ? document.offsetAt({ line: entry.chunk.startLine, character: 0 }) : entry.chunk.startOffset;
    return { chunk: startOffset === entry.chunk.startOffset ? entry.chunk : { ...entry.chunk, startOffset }, analysis: entry.analysis };
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
      const changes = this.index.takeChanges();
      const fresh = this.crossInputsChanged;
      this.crossInputsChanged = false;
      const all: CrossIssue[] = [];
      try {
        for (const rule of this.crossRules) {
          if (fresh) rule.reset();
          all.push(...rule.issues(this.index, changes));
        }
      } catch (error) {
        // The changes were taken: the rules that did not see them must not trust what they kept.
        this.crossInputsChanged = true;
        throw error;
      }
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

  /** How much work the cross-document rules did so far: contexts read from the whole workspace, documents judged (what a test counts). */
  crossWork(): { contexts: number; subjects: number } {
    return this.crossRules.reduce((sum, rule) => ({ contexts: sum.contexts + rule.work.contexts, subjects: sum.subjects + rule.work.subjects }), { contexts: 0, subjects: 0 });
  }

  private podSecurityOptions(): PodSecurityOptions {
    // A getter: the rule reads the labels when it reads its context, after they were set.
    const workspace = this;
    return {
      defaultLevel: (entry) => (workspace.files.get(entry.uri)?.settings ?? DEFAULT_VALIDATION_SETTINGS).podSecurity,
      get clusterNamespaces() {
        return workspace.clusterNamespaces;
      },
    };
  }

  /** Ranges need the document's AST; they are computed once per unchanged document and issue. */
  private rangeOf(cross: CrossIssue): ChunkRange {
    const { analysis, chunk } = cross.entry;
    let cached = this.rangeCache.get(analysis);
    if (!cached) this.rangeCache.set(analysis, (cached = { ranges: new Map(), plain: plainIssuePlacer(chunk.text) ?? null }));
    const key = `${cross.issue.on}:${cross.issue.path.join('\u0000')}`;
    let range = cached.ranges.get(key);
    if (!range) {
      // A plain document's spans place most issues without the full parse, as its own issues are placed.
      range = cached.plain?.(cross.issue);
      if (!range) {
        const parsed = this.service.parsed({ chunk, analysis });
        range = issueRange(parsed.doc, parsed.lineCounter, cross.issue);
      }
      cached.ranges.set(key, range);
    }
    return range;
  }

  /**
   * The CRDs of a file feed the schema registry; when they change, every file is analysed again
   * (the analyses' cache key holds the CRD generation), so custom resources follow their CRD.
   */
  private refreshCrds(uri: string): void {
    const { crds, signature } = workspaceCrds(this.index.ofKindIn('CustomResourceDefinition', uri));
    if (!this.service.registry.crds.setFile(uri, crds, signature)) return;
    this.markStale();
  }

  private markStale(): void {
    this.stale = true;
    this.crossInputsChanged = true;
    this.crossIssues = undefined;
    this.mappedCache = undefined;
  }

  private layout(): SourceLayout {
    if (!this.layoutCache) {
      this.pruneRendered = true;
      this.layoutCache = new SourceLayout({
        uris: this.files.keys(),
        valueOf: (uri) => {
          const file = this.files.get(uri);
          const first = file && this.service.analyze(file.document, file.settings).chunks.find((c) => c.analysis.shape !== 'empty' && c.analysis.shape !== 'broken');
          if (!first) return undefined;
          if (first.analysis.value) return first.analysis.value;
          const value: unknown = this.service.parsed(first).doc.toJS({ maxAliasCount: 100 });
          return asObject(value);
        },
      });
    }
    if (this.pruneRendered) {
      this.pruneRendered = false;
      const roots = new Set(this.layoutCache.roots().map((root) => uriKey(root.folder)));
      for (const file of this.rendered.all()) {
        if (roots.has(uriKey(file.root.folder))) continue;
        const uri = this.rendered.delete(file.root.folder);
        if (uri) this.forgetRendered(uri);
      }
    }
    return this.layoutCache;
  }

  /** A file was added or removed, or a Chart.yaml or kustomization changed: roles may have changed. */
  private layoutChanged(): void {
    this.layoutCache = undefined;
    this.markStale();
  }

  private forgetRendered(uri: string): void {
    this.renderedFiles.delete(uri);
    this.keys.delete(uriKey(uri));
    this.index.remove(uri);
    this.service.forget(uri);
  }

  /** Only manifests are objects: templates, patches, charts' and overlays' own files stay out of the index. */
  private indexFile(analysis: FileAnalysis): void {
    if (isRenderedUri(analysis.uri) || this.role(analysis.uri) === 'manifest') this.index.update(analysis);
    else this.index.remove(analysis.uri);
  }

  /** Entries of the workspace's own files, not of rendered output. */
  private *ownEntries(): IterableIterator<ManifestEntry> {
    for (const entry of this.index.entries()) if (!isRenderedUri(entry.uri)) yield entry;
  }

  /** Whether an overlay is built from a file outside its folder (a base it names). */
  private rendersFrom(root: RenderRoot, key: string): boolean {
    if (root.kind !== 'overlay') return false;
    return this.layout().basesOf(uriKey(root.folder)).some((base) => key === base || key.startsWith(`${base}/`));
  }

  /** Analyses again what a CRD or Cluster change left stale (files analysed since are cache hits). */
  private settle(): void {
    if (!this.stale) return;
    this.stale = false;
    for (const file of this.files.values()) this.indexFile(this.service.analyze(file.document, file.settings));
    for (const file of this.renderedFiles.values()) this.index.update(this.service.analyze(file.document, file.settings));
  }

  /** Whether a document (or an item of a List) of the workspace names one of these Clusters in its annotation. */
  private namesCluster(names: ReadonlySet<string>): boolean {
    const namesOne = (value: Obj | undefined): boolean => {
      const cluster = asString(asObject(field(value, 'metadata', 'annotations'))?.[CLUSTER_ANNOTATION]);
      return cluster !== undefined && names.has(cluster);
    };
    for (const file of [...this.files.values(), ...this.renderedFiles.values()]) {
      for (const { analysis } of this.service.analyze(file.document, file.settings).chunks) {
        const items = analysis.value?.['items'];
        if (namesOne(analysis.value) || (Array.isArray(items) && items.some((item) => namesOne(asObject(item))))) return true;
      }
    }
    return false;
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
    const changed = new Set([...versions.keys(), ...this.clusterVersions.keys()].filter((name) => versions.get(name) !== this.clusterVersions.get(name)));
    this.clusterVersions = versions;
    // Only documents that name a changed Cluster validate differently: a Cluster first seen in a
    // large workspace must not have every file analysed a second time for nothing.
    if (!this.stale && !this.namesCluster(changed)) return;
    this.epoch++;
    this.service.setWorkspaceHooks({ kubernetesVersionFor: (value) => this.versionFor(value), epoch: this.epoch });
    this.markStale();
  }
}

/** Whether a file's edit can change the charts and overlays of the workspace. */
function shapesLayout(uri: string): boolean {
  const name = baseName(uri);
  return name === 'Chart.yaml' || (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(name);
}

/**
 * A file's own diagnostics as its role allows: templates are not YAML until rendered and other
 * chart files are helm's data; a patch is a partial object (only its YAML is checked here, its
 * values through the built overlay); a kustomization has no schema of the apiserver's.
 */
function ownDiagnostics(role: FileRole, diagnostics: readonly Diagnostic[]): readonly Diagnostic[] {
  switch (role) {
    case 'template':
    case 'chart-file':
      return [];
    case 'patch':
      return diagnostics.filter((d) => String(d.code).startsWith('yaml-'));
    case 'kustomization':
      return diagnostics.filter((d) => d.code !== 'missing-schema');
    default:
      return diagnostics;
  }
}
