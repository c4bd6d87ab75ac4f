import type { Range } from 'vscode-languageserver-types';
import { listedClusters } from '../render/distribution';
import { asObject, asString, field } from '../rules/values';
import { isPlatform, nameLocation, type ManifestEntry } from './workspaceIndex';

export type PlatformDocumentKind = 'Cluster' | 'NodePool' | 'Application';

/** One platform document as the views see it (protocol/protocol.ts sends it as `PlatformDocument`). */
export interface PlatformDocumentInfo {
  readonly uri: string;
  /** The range of the document's `metadata.name` value (or of the whole document when it has none). */
  readonly range: Range;
  readonly kind: PlatformDocumentKind;
  readonly name: string;
  /** Cluster: its provider (kind, kwok, registered, cloud names); otherwise undefined. */
  readonly provider?: string;
  /** NodePool and single-cluster Application: the Cluster (or kubeconfig context) named by `spec.cluster`. */
  readonly cluster?: string;
  /** Application on several clusters: the names of `spec.clusters` (first of each), in list order; `cluster` is then unset. */
  readonly clusters?: readonly string[];
  /** Registered Cluster: the kubeconfig context it adopts. */
  readonly context?: string;
  /** Application: the namespace it deploys to; NodePool: undefined. */
  readonly namespace?: string;
  /** The document's plain data (as parsed), for views that show more (desired replicas, pools…). */
  readonly spec: unknown;
}

const KINDS: readonly PlatformDocumentKind[] = ['Cluster', 'NodePool', 'Application'];

/**
 * Every Cluster, NodePool and Application among `entries`, ordered by kind, then file, then line,
 * so the list (and its signature) does not depend on the order files were read in.
 */
export function platformDocuments(entries: Iterable<ManifestEntry>): PlatformDocumentInfo[] {
  const found: { entry: ManifestEntry; info: PlatformDocumentInfo }[] = [];
  for (const entry of entries) {
    const kind = KINDS.find((k) => isPlatform(entry, k));
    if (!kind || entry.name === '') continue;
    let info = described.get(entry);
    if (!info) described.set(entry, (info = describe(entry, kind)));
    found.push({ entry, info });
  }
  found.sort((a, b) => KINDS.indexOf(a.info.kind) - KINDS.indexOf(b.info.kind) || compare(a.entry.uri, b.entry.uri) || a.entry.chunk.startLine - b.entry.chunk.startLine);
  return found.map((f) => f.info);
}

/** Changes exactly when what the views show of the documents changes (names, ranges, specs). */
export function platformDocumentsSignature(documents: readonly PlatformDocumentInfo[], complete: boolean): string {
  // JSON.stringify([complete, documents]), each document's part written once.
  return `[${JSON.stringify(complete)},[${documents.map(jsonOf).join(',')}]]`;
}

/**
 * Entries are reused while their document is unchanged and stays on its line: the views ask
 * after every burst of edits, and a workspace may hold thousands of Applications.
 */
const described = new WeakMap<ManifestEntry, PlatformDocumentInfo>();
const written = new WeakMap<PlatformDocumentInfo, string>();

function jsonOf(info: PlatformDocumentInfo): string {
  let json = written.get(info);
  if (json === undefined) written.set(info, (json = JSON.stringify(info)));
  return json;
}

function describe(entry: ManifestEntry, kind: PlatformDocumentKind): PlatformDocumentInfo {
  const spec = field(entry.value, 'spec');
  const base = { uri: entry.uri, range: nameLocation(entry).range, kind, name: entry.name, spec: asObject(spec) ?? {} };
  switch (kind) {
    case 'Cluster': {
      const provider = asString(field(spec, 'provider'));
      const context = provider === 'registered' ? asString(field(spec, 'registered', 'context')) : undefined;
      return { ...base, ...(provider !== undefined ? { provider } : {}), ...(context !== undefined ? { context } : {}) };
    }
    case 'NodePool':
      return withCluster(base, spec);
    case 'Application': {
      // Where kubectl would put it: metadata.namespace, else "default".
      const clusters = listedClusters(asObject(spec));
      return clusters !== undefined ? { ...base, clusters, namespace: entry.namespace } : { ...withCluster(base, spec), namespace: entry.namespace };
    }
  }
}

function withCluster<T extends object>(base: T, spec: unknown): T & { cluster?: string } {
  const cluster = asString(field(spec, 'cluster'));
  return cluster !== undefined ? { ...base, cluster } : base;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
