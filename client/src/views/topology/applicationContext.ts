/**
 * The kubeconfig context an Application's topology is read from, as the Platform view groups it:
 * the context of the Cluster document its `spec.cluster` names (or that name itself, a registered
 * context), else the selected context with a note saying so. Pure.
 */
import type { PlatformDocument } from '../../../../protocol/protocol';
import { clusterContextName } from '../clusterContexts';

export type ApplicationContext = { readonly context: string; readonly note?: string } | { readonly context?: undefined; readonly problem: string };

export function applicationContext(application: PlatformDocument, documents: readonly PlatformDocument[], contexts: readonly string[], selected: string | undefined): ApplicationContext {
  const cluster = application.cluster;
  if (cluster !== undefined) {
    const document = documents.find((d) => d.kind === 'Cluster' && d.name === cluster);
    const wanted = document ? clusterContextName(document) : cluster;
    if (wanted !== undefined && contexts.includes(wanted)) return { context: wanted };
    const why = document ? `Cluster ${cluster} has no kubeconfig context${wanted ? ` ${wanted}` : ''} (not created?)` : `spec.cluster ${cluster} is neither a Cluster document nor a kubeconfig context`;
    if (selected !== undefined) return { context: selected, note: `${why}: showing the selected context ${selected} instead.` };
    return { problem: `${why}, and no context is selected: create the cluster or run Berth: Use Context.` };
  }
  if (selected !== undefined) return { context: selected };
  return { problem: 'The Application names no cluster and no context is selected: run Berth: Use Context.' };
}
