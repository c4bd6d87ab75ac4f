import { applyObjects, deployFindings, diffObjects, objectLabel, summarizeApply, type ApplyAction, type ClusterPlan, type KubeClient, type ObjectDiff, type PlannedObject } from '../../../../kube';
import type { DeployFinding } from '../../../../protocol/protocol';
import type { CommandDeps } from '../deps';
import { OPEN_LOG, withCancellableProgress } from '../feedback';
import { previewAction, showPreview } from './preview';

/** What a deploy did in one cluster of a multi-cluster Application. */
export interface ClusterDeploySummary {
  readonly cluster: string;
  readonly context?: string;
  /** Why nothing was sent there (no context, unreachable, the dry run failed). */
  readonly error?: string;
  readonly applied: boolean;
  readonly dryRun: readonly { kind: string; name: string; namespace?: string; action: string; error?: string }[];
  readonly results: readonly { kind: string; name: string; namespace?: string; action: ApplyAction; error?: string }[];
}

export interface ClusterDeployOutcome {
  readonly clusters: readonly ClusterDeploySummary[];
  /** The dry runs' refusals, for the caller to publish on the source documents. */
  readonly findings: readonly DeployFinding[];
}

interface Reached {
  readonly plan: ClusterPlan;
  readonly client: KubeClient;
  readonly diffs: readonly ObjectDiff[];
}

const lineOf = <A extends string>(r: { kind: string; name: string; namespace?: string; action: A; error?: { message: string } }) => ({ kind: r.kind, name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}), action: r.action, ...(r.error ? { error: r.error.message } : {}) });

function label(plan: ClusterPlan, client?: KubeClient): string {
  return `${plan.cluster}${client ? ` (${client.context})` : ''}`;
}

/**
 * Deploys the objects of multi-cluster Applications: a dry run in every cluster, the previews,
 * one confirmation for all, then each cluster applied on its own. A cluster that cannot be
 * reached is named and left out; the others still deploy. Any refusal by a dry run applies nothing.
 */
export async function deployToClusters(deps: CommandDeps, clusters: readonly ClusterPlan[], namespace: string | undefined): Promise<ClusterDeployOutcome> {
  const summaries = new Map<string, ClusterDeploySummary>();
  const reached: Reached[] = [];
  const objects = (list: readonly PlannedObject[]) => list.map((p) => p.object);
  await withCancellableProgress('Berth: dry run in each cluster', async (signal, progress) => {
    for (const plan of clusters) {
      if (signal.aborted) break;
      progress.report(`${plan.cluster}: ${plan.objects.length} objects`);
      const opened = await deps.session.openCluster(plan.destination, namespace);
      if (!opened.ok) {
        summaries.set(plan.cluster, { cluster: plan.cluster, ...(plan.destination.context ? { context: plan.destination.context } : {}), error: opened.error.message, applied: false, dryRun: [], results: [] });
        continue;
      }
      const client = opened.value;
      const diffs = await diffObjects(client, objects(plan.objects), { namespace: client.namespace, sources: plan.objects.map((p) => p.source), signal });
      if (!diffs.ok) {
        summaries.set(plan.cluster, { cluster: plan.cluster, context: client.context, error: diffs.error.message, applied: false, dryRun: [], results: [] });
        continue;
      }
      for (const d of diffs.value) deps.log.info(`dry run in ${label(plan, client)}: ${objectLabel(d)}: ${previewAction(d)}${d.error ? `: ${d.error.message}` : ''}`);
      reached.push({ plan, client, diffs: diffs.value });
      summaries.set(plan.cluster, { cluster: plan.cluster, context: client.context, applied: false, dryRun: diffs.value.map((d) => lineOf({ ...d, action: previewAction(d) })), results: [] });
    }
  });
  const ordered = () => clusters.map((c) => summaries.get(c.cluster)).filter((s): s is ClusterDeploySummary => s !== undefined);
  const unreachable = ordered().filter((s) => s.error !== undefined);
  for (const s of unreachable) deps.log.warn(`deploy: cluster ${s.cluster}: ${s.error}`);
  const findings = reached.flatMap((r) => deployFindings(r.diffs));
  const unreached = unreachable.length > 0 ? ` Not reached: ${unreachable.map((s) => `${s.cluster} (${s.error})`).join('; ')}.` : '';
  if (findings.length > 0) {
    const choice = await deps.prompts.message('error', `Berth: the dry run refused ${findings.length} object(s); nothing was applied to any cluster. ${findings[0]!.object}: ${findings[0]!.message}${unreached}`, OPEN_LOG);
    if (choice === OPEN_LOG) deps.log.show(true);
    return { clusters: ordered(), findings };
  }
  const changing = reached.filter((r) => r.diffs.some((d) => previewAction(d) !== 'unchanged'));
  if (changing.length === 0) {
    const level = unreachable.length > 0 ? 'error' : 'info';
    void deps.prompts.message(level, `Berth: nothing to change in ${reached.map((r) => label(r.plan, r.client)).join(', ') || 'any cluster'}.${unreached}`);
    return { clusters: ordered(), findings };
  }
  for (const r of changing) await showPreview(deps.documents, `${r.plan.cluster} (${r.client.context})`, r.diffs);
  const changes = changing.map((r) => `${r.diffs.filter((d) => previewAction(d) !== 'unchanged').length} in ${label(r.plan, r.client)}`).join(', ');
  const choice = await deps.prompts.message(unreachable.length > 0 ? 'warning' : 'info', `Berth: apply the changes to ${changing.length} cluster(s): ${changes}?${unreached}`, 'Apply', 'Cancel');
  if (choice !== 'Apply') {
    deps.log.info('deploy: cancelled after the preview');
    return { clusters: ordered(), findings };
  }
  await withCancellableProgress('Berth: deploying to each cluster', async (signal, progress) => {
    for (const r of changing) {
      const applied = await applyObjects(r.client, objects(r.plan.objects), {
        namespace: r.client.namespace,
        sources: r.plan.objects.map((p) => p.source),
        signal,
        onResult: (result) => progress.report(`${r.plan.cluster}: ${objectLabel(result)}: ${result.action}`),
      });
      const previous = summaries.get(r.plan.cluster)!;
      if (!applied.ok) {
        summaries.set(r.plan.cluster, { ...previous, error: applied.error.message });
        continue;
      }
      const counts = summarizeApply(applied.value);
      deps.log.info(`deploy to ${label(r.plan, r.client)}: ${Object.entries(counts).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ')}`);
      summaries.set(r.plan.cluster, { ...previous, applied: true, results: applied.value.results.map(lineOf) });
    }
  });
  const done = ordered();
  const failed = done.filter((s) => s.error !== undefined || s.results.some((r) => r.action === 'failed'));
  const text = done.map((s) => `${s.cluster}: ${s.error !== undefined ? `failed (${s.error})` : s.applied ? `${s.results.filter((r) => r.action !== 'unchanged').length} changed` : 'unchanged'}`).join('; ');
  if (failed.length > 0) {
    const picked = await deps.prompts.message('error', `Berth: deployed with failures: ${text}.`, OPEN_LOG);
    if (picked === OPEN_LOG) deps.log.show(true);
  } else {
    void deps.prompts.message('info', `Berth: deployed to every cluster: ${text}.`);
  }
  return { clusters: done, findings };
}
