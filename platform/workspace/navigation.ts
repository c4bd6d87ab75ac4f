import type { Location } from 'vscode-languageserver-types';
import { asArray, asObject, asString, field } from '../rules/values';
import type { PathSegment } from '../yaml/parseChunk';
import { podTemplate } from './podTemplates';
import { isPlatform, nameLocation, type ManifestEntry, type WorkspaceIndex } from './workspaceIndex';

const same = (path: readonly PathSegment[], ...expected: PathSegment[]): boolean => path.length >= expected.length && expected.every((s, i) => path[i] === s);

/** Where the reference under the cursor leads: a Cluster, a NodePool, a workload, the pods a Service selects. */
export function definitions(index: WorkspaceIndex, entry: ManifestEntry, path: readonly PathSegment[]): Location[] {
  const at = (entries: readonly ManifestEntry[]): Location[] => entries.map(nameLocation);
  if ((isPlatform(entry, 'NodePool') || isPlatform(entry, 'Application')) && same(path, 'spec', 'cluster')) {
    const name = asString(field(entry.value, 'spec', 'cluster'));
    return at(index.platform('Cluster').filter((c) => c.name === name));
  }
  if (isPlatform(entry, 'Application') && same(path, 'spec', 'clusters') && path.length === 3 && typeof path[2] === 'number') {
    const name = asString(asArray(field(entry.value, 'spec', 'clusters'))[path[2]]);
    return at(index.platform('Cluster').filter((c) => c.name === name));
  }
  if (isPlatform(entry, 'Application') && same(path, 'spec', 'placement', 'nodePool')) {
    const cluster = asString(field(entry.value, 'spec', 'cluster'));
    const pool = asString(field(entry.value, 'spec', 'placement', 'nodePool'));
    return at(index.platform('NodePool').filter((p) => p.name === pool && asString(field(p.value, 'spec', 'cluster')) === cluster));
  }
  if (entry.kind === 'HorizontalPodAutoscaler' && same(path, 'spec', 'scaleTargetRef')) {
    const ref = asObject(field(entry.value, 'spec', 'scaleTargetRef'));
    const kind = asString(ref?.kind);
    const name = asString(ref?.name);
    if (!kind || !name) return [];
    const workloads = index.ofKind(kind).filter((w) => w.name === name && w.namespace === entry.namespace);
    const apps = kind === 'Deployment' ? index.platform('Application').filter((a) => a.namespace === entry.namespace && (a.name === name || name.startsWith(`${a.name}-`))) : [];
    return at([...workloads, ...apps]);
  }
  if (entry.kind === 'Service' && entry.apiVersion === 'v1' && same(path, 'spec', 'selector')) {
    const selector = Object.entries(asObject(field(entry.value, 'spec', 'selector')) ?? {});
    if (selector.length === 0) return [];
    const targets: ManifestEntry[] = [];
    for (const candidate of index.entries()) {
      if (candidate.namespace !== entry.namespace) continue;
      const template = podTemplate(candidate);
      if (template && selector.every(([k, v]) => template.labels[k] === String(v))) targets.push(candidate);
    }
    return at(targets);
  }
  return [];
}

/** Who names the Cluster or NodePool whose `metadata.name` is under the cursor. */
export function references(index: WorkspaceIndex, entry: ManifestEntry, path: readonly PathSegment[], includeDeclaration: boolean): Location[] {
  if (!same(path, 'metadata', 'name')) return [];
  let users: ManifestEntry[] = [];
  if (isPlatform(entry, 'Cluster')) {
    users = [...index.platform('NodePool'), ...index.platform('Application')].filter((u) => asString(field(u.value, 'spec', 'cluster')) === entry.name);
    // An Application of several clusters names it as an item of spec.clusters.
    const listing = index.platform('Application').flatMap((a) => {
      const item = asArray(field(a.value, 'spec', 'clusters')).findIndex((c) => c === entry.name);
      return item < 0 ? [] : [referenceLocation(a, ['spec', 'clusters', item])];
    });
    return [...(includeDeclaration ? [nameLocation(entry)] : []), ...users.map((u) => referenceLocation(u, ['spec', 'cluster'])), ...listing];
  }
  if (isPlatform(entry, 'NodePool')) {
    const cluster = asString(field(entry.value, 'spec', 'cluster'));
    users = index.platform('Application').filter((a) => asString(field(a.value, 'spec', 'cluster')) === cluster && asString(field(a.value, 'spec', 'placement', 'nodePool')) === entry.name);
    return [...(includeDeclaration ? [nameLocation(entry)] : []), ...users.map((u) => referenceLocation(u, ['spec', 'placement', 'nodePool']))];
  }
  return [];
}

/** A reference's location is refined to the exact value by the caller, which holds the AST; here the document. */
export interface PendingLocation extends Location {
  readonly entry?: ManifestEntry;
  readonly path?: readonly PathSegment[];
}

function referenceLocation(entry: ManifestEntry, path: readonly PathSegment[]): PendingLocation {
  return { ...nameLocation(entry), entry, path };
}
