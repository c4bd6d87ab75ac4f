/**
 * What `berth deploy` sends: each document rendered on its own (so every object knows the file
 * and document it came from), Applications' objects labelled for pruning, Clusters and NodePools
 * left out with a note.
 */
import { labelForApplication, type ObjectSource } from '../../../kube';
import { renderManifests } from '../../../platform/render';
import type { InstanceType } from '../../../platform/schema/platformSchemas';
import type { ManifestDocument } from '../clusterArgs';

export interface DeployPlan {
  readonly objects: readonly unknown[];
  /** The source of each object, by index. */
  readonly sources: readonly ObjectSource[];
  /** Application name → the namespaces its objects go to (where pruning looks). */
  readonly applications: ReadonlyMap<string, ReadonlySet<string>>;
  /** Why a document did not render: these fail the deploy. */
  readonly problems: readonly string[];
  /** Documents deliberately not deployed (Clusters, NodePools). */
  readonly notes: readonly string[];
}

export function planDeploy(documents: readonly ManifestDocument[], catalog: readonly InstanceType[], namespace: string): DeployPlan {
  const objects: unknown[] = [];
  const sources: ObjectSource[] = [];
  const applications = new Map<string, Set<string>>();
  const problems: string[] = [];
  const notes = new Set<string>();
  const values = documents.map((d) => d.value);
  documents.forEach((document, i) => {
    // The other documents are context: an Application finds its Cluster and NodePool there.
    const context = values.filter((_, j) => j !== i);
    const rendered = renderManifests([document.value], catalog, { includeKubernetes: true, namespace, context });
    problems.push(...rendered.problems.map((p) => `${document.file} (document ${document.documentIndex + 1}): ${p}`));
    for (const { source, object } of rendered.objects) {
      if (source.kind === 'Cluster' || source.kind === 'NodePool') {
        notes.add(`${source.kind} ${source.name}: not deployed (use ${source.kind === 'Cluster' ? 'berth cluster up' : 'berth nodepool scale'})`);
        continue;
      }
      const isPlatform = String(object['apiVersion'] ?? '').startsWith('berth.dev/');
      const from: ObjectSource = { uri: document.file, documentIndex: document.documentIndex, ...(source.kind === 'Application' && !isPlatform ? { rendered: true } : {}) };
      if (source.kind === 'Application' && !isPlatform) {
        objects.push(labelForApplication(object as { metadata?: { labels?: Record<string, string> } }, source.name));
        const objectNamespace = (object as { metadata?: { namespace?: string } }).metadata?.namespace ?? namespace;
        applications.set(source.name, (applications.get(source.name) ?? new Set()).add(objectNamespace));
      } else {
        objects.push(object);
      }
      sources.push(from);
    }
  });
  return { objects, sources, applications, problems, notes: [...notes] };
}
