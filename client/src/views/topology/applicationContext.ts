/**
 * The kubeconfig context an Application's topology is read from, as the Platform view groups it:
 * the context of the Cluster document its `spec.cluster` names (or that name itself, a registered
 * context), else the selected context with a note saying so. An Application on several `clusters`
 * is read from one of them: the cluster the user opened it from, else the first listed. Pure.
 */
import type { PlatformDocument } from '../../../../protocol/protocol';
import { clusterContextName } from '../clusterContexts';

export type ApplicationContext =
  | {
      readonly context: string;
      /** For an Application on several clusters: the listed cluster shown (its share of the objects). */
      readonly cluster?: string;
      readonly note?: string;
    }
  | { readonly context?: undefined; readonly problem: string };

/** `fromCluster`: the Platform view's cluster group the Application was opened from, if any. */
export function applicationContext(application: PlatformDocument, documents: readonly PlatformDocument[], contexts: readonly string[], selected: string | undefined, fromCluster?: string): ApplicationContext {
  const listed = application.clusters;
  const cluster = listed && listed.length > 0 ? (fromCluster !== undefined && listed.includes(fromCluster) ? fromCluster : listed[0]) : application.cluster;
  if (cluster !== undefined) {
    const shown = listed ? { cluster } : {};
    const notes = listed && listed.length > 1 && cluster !== fromCluster ? [`${application.name} runs on ${listed.join(', ')}: showing ${cluster}, the first listed (open it under another cluster in the Platform view to see that one).`] : [];
    const document = documents.find((d) => d.kind === 'Cluster' && d.name === cluster);
    const wanted = document ? clusterContextName(document) : cluster;
    if (wanted !== undefined && contexts.includes(wanted)) return { context: wanted, ...shown, ...(notes.length > 0 ? { note: notes.join(' ') } : {}) };
    const why = document ? `Cluster ${cluster} has no kubeconfig context${wanted ? ` ${wanted}` : ''} (not created?)` : `${listed ? 'spec.clusters' : 'spec.cluster'} ${cluster} is neither a Cluster document nor a kubeconfig context`;
    if (selected !== undefined) return { context: selected, ...shown, note: [...notes, `${why}: showing the selected context ${selected} instead.`].join(' ') };
    return { problem: `${why}, and no context is selected: create the cluster or run Berth: Use Context.` };
  }
  if (selected !== undefined) return { context: selected };
  return { problem: 'The Application names no cluster and no context is selected: run Berth: Use Context.' };
}
