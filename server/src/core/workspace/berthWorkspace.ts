import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { ValidationSettings } from '../../../../common/settings';
import { fileDiagnostics, toDiagnostic } from '../diagnostics';
import type { BerthLanguageService } from '../languageService';
import { asObject, asString, field, type Obj } from '../rules/values';
import type { ChunkAnalysis } from '../validate/analyzeChunk';
import { issueRange } from '../validate/issueRanges';
import type { ChunkRange } from '../yaml/parseChunk';
import type { CrossIssue } from './crossIssue';
import { kubernetesReferenceIssues } from './kubernetesReferenceRules';
import { platformReferenceIssues } from './platformReferenceRules';
import { isPlatform, WorkspaceIndex } from './workspaceIndex';

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
  private readonly rangeCache = new WeakMap<ChunkAnalysis, Map<string, ChunkRange>>();
  private clusterVersions = new Map<string, string>();
  private epoch = 0;

  constructor(private readonly service: BerthLanguageService) {
    service.setWorkspaceHooks({ kubernetesVersionFor: (value) => this.versionFor(value), epoch: 0 });
  }

  setFile(document: TextDocument, settings: ValidationSettings): void {
    this.files.set(document.uri, { document, settings });
    this.index.update(this.service.analyze(document, settings));
    this.crossIssues = undefined;
    this.refreshClusterVersions();
  }

  removeFile(uri: string): void {
    this.files.delete(uri);
    this.index.remove(uri);
    this.service.forget(uri);
    this.crossIssues = undefined;
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

  /** Kubeconfig contexts that `spec.cluster` may name besides the workspace's Clusters. */
  setKnownContexts(contexts: readonly string[]): void {
    this.knownContexts = [...contexts];
    this.crossIssues = undefined;
  }

  /** Every diagnostic of a file: its own documents' and the cross-document ones. */
  diagnostics(uri: string): Diagnostic[] {
    const file = this.files.get(uri);
    if (!file) return [];
    const own = fileDiagnostics(this.service.analyze(file.document, file.settings));
    const cross = (this.cross().get(uri) ?? []).map((c) => toDiagnostic(uri, { ...c.issue, range: this.rangeOf(c) }, c.entry.chunk.startLine));
    return [...own, ...cross].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }

  /** Changes exactly when the file's cross-document findings change: what to republish after an edit elsewhere. */
  crossSignature(uri: string): string {
    return (this.cross().get(uri) ?? []).map((c) => `${c.entry.chunk.startLine}|${c.issue.code}|${c.issue.path.join('/')}|${c.issue.message}`).join('\n');
  }

  private cross(): Map<string, CrossIssue[]> {
    if (!this.crossIssues) {
      const catalog = this.service.registry.platform.instanceTypes();
      const all = [...platformReferenceIssues(this.index, catalog, this.knownContexts), ...kubernetesReferenceIssues(this.index)];
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
    for (const file of this.files.values()) this.index.update(this.service.analyze(file.document, file.settings));
    this.crossIssues = undefined;
  }
}
