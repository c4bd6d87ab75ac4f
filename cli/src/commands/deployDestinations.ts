/**
 * The destinations of one `berth deploy`: the target context (everything but the objects of
 * multi-cluster Applications) and, for each cluster such an Application lists, that cluster's
 * context. Each is connected and applied on its own, so one that fails is named and the others
 * still deploy.
 */
import { applyObjects, connect, deployFindings, destinationTarget, formatKubeError, summarizeApply, type ApplyAction, type ApplyObjectResult, type ClusterPlan, type KubeClient, type KubeError, type KubeTarget, type PlannedObject } from '../../../kube';
import type { Result } from '../../../platform/result';
import { findingJson } from './deployDiff';

export interface Destination {
  /** The multi-cluster Application's cluster name; undefined for the target context. */
  readonly cluster?: string;
  /** The context it resolves to, when it resolves. */
  readonly contextName?: string;
  readonly target: Result<KubeTarget, KubeError>;
  readonly objects: readonly PlannedObject[];
  readonly applications: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface DestinationOutcome {
  readonly destination: Destination;
  readonly context?: string;
  readonly results: readonly ApplyObjectResult[];
  readonly counts: Record<ApplyAction, number>;
  /** Why nothing (or not everything) was applied there: no context, unreachable, interrupted. */
  readonly error?: string;
}

export interface ApplyOptions {
  readonly dryRun: boolean;
  readonly force: boolean;
  readonly prune: boolean;
  readonly signal: AbortSignal;
  readonly onResult?: (r: ApplyObjectResult) => void;
  /** Called once connected, before the first object is sent. */
  readonly onStart?: (destination: Destination, client: KubeClient) => void;
}

const NO_COUNTS = (): Record<ApplyAction, number> => ({ created: 0, configured: 0, unchanged: 0, failed: 0, pruned: 0 });

/** One destination per cluster of the plan, each resolved to its kubeconfig target. */
export function clusterDestinations(clusters: readonly ClusterPlan[], namespace: string | undefined): Destination[] {
  return clusters.map((plan) => ({
    cluster: plan.cluster,
    ...(plan.destination.context !== undefined ? { contextName: plan.destination.context } : {}),
    target: destinationTarget(plan.destination, {}, namespace),
    objects: plan.objects,
    applications: plan.applications,
  }));
}

export async function applyToDestination(destination: Destination, options: ApplyOptions): Promise<DestinationOutcome> {
  const failed = (error: KubeError, context?: string): DestinationOutcome => ({ destination, ...(context ? { context } : {}), results: [], counts: NO_COUNTS(), error: formatKubeError(error) });
  if (!destination.target.ok) return failed(destination.target.error);
  const client = await connect(destination.target.value);
  if (!client.ok) return failed(client.error, destination.target.value.context.name);
  options.onStart?.(destination, client.value);
  const namespace = destination.target.value.namespace;
  const report = await applyObjects(client.value, destination.objects.map((p) => p.object), {
    dryRun: options.dryRun,
    force: options.force,
    namespace,
    sources: destination.objects.map((p) => p.source),
    ...(options.prune ? { prune: { applications: [...destination.applications].map(([name, namespaces]) => ({ name, namespaces: [...namespaces] })) } } : {}),
    signal: options.signal,
    ...(options.onResult ? { onResult: options.onResult } : {}),
  });
  if (!report.ok) return failed(report.error, client.value.context);
  return { destination, context: client.value.context, results: report.value.results, counts: summarizeApply(report.value) };
}

/** What `--output json` shows of one destination. */
export function outcomeJson(outcome: DestinationOutcome): Record<string, unknown> {
  const results = outcome.results.map(({ source, error, ...r }) => ({ ...r, ...(error ? { error: error.message } : {}), ...(source ? { file: source.uri, documentIndex: source.documentIndex } : {}) }));
  return {
    ...(outcome.destination.cluster !== undefined ? { cluster: outcome.destination.cluster } : {}),
    context: outcome.context ?? outcome.destination.contextName ?? null,
    results,
    findings: deployFindings(outcome.results).map(findingJson),
    counts: outcome.counts,
    ...(outcome.error !== undefined ? { error: outcome.error } : {}),
  };
}

export function countsText(counts: Record<ApplyAction, number>): string {
  return Object.entries(counts).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ') || 'nothing to apply';
}

/** The per-cluster table printed after a multi-cluster deploy: every cluster, applied or not. */
export function outcomeTable(outcomes: readonly DestinationOutcome[]): string {
  const rows = outcomes.map((o) => [o.destination.cluster ?? '(target)', o.context ?? o.destination.contextName ?? '-', o.error !== undefined ? `failed: ${o.error}` : countsText(o.counts)] as const);
  const widths = [0, 1].map((i) => Math.max(i === 0 ? 'CLUSTER'.length : 'CONTEXT'.length, ...rows.map((r) => r[i]!.length)));
  const format = (r: readonly string[]) => `${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]}`;
  return [format(['CLUSTER', 'CONTEXT', 'RESULT']), ...rows.map(format)].join('\n') + '\n';
}
