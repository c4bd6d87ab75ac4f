/** Which pods belong to a workload and which Jobs to a CronJob. Pure. */
import type { KubeObject } from '../../../../kube/registry';

type Requirement = { key?: unknown; operator?: unknown; values?: unknown };

/** Whether `labels` satisfy a LabelSelector (matchLabels and matchExpressions, as the API server reads them). */
export function selectorMatches(selector: unknown, labels: Readonly<Record<string, string>> | undefined): boolean {
  const s = (selector ?? {}) as { matchLabels?: Record<string, unknown>; matchExpressions?: Requirement[] };
  const have = labels ?? {};
  const matchLabels = Object.entries(s.matchLabels ?? {});
  const expressions = Array.isArray(s.matchExpressions) ? s.matchExpressions : [];
  // An empty selector selects nothing here: a workload always has one, and "everything" would mislead.
  if (matchLabels.length === 0 && expressions.length === 0) return false;
  if (!matchLabels.every(([k, v]) => have[k] === v)) return false;
  return expressions.every((e) => {
    const key = String(e.key ?? '');
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    switch (e.operator) {
      case 'In':
        return key in have && values.includes(have[key]!);
      case 'NotIn':
        return !(key in have) || !values.includes(have[key]!);
      case 'Exists':
        return key in have;
      case 'DoesNotExist':
        return !(key in have);
      default:
        return false;
    }
  });
}

/** The pods a Deployment, StatefulSet, DaemonSet or Job selects. */
export function podsOf(workload: KubeObject, pods: readonly KubeObject[]): KubeObject[] {
  const selector = (workload as { spec?: { selector?: unknown } }).spec?.selector;
  return pods.filter((pod) => selectorMatches(selector, pod.metadata.labels));
}

/** The Jobs a CronJob owns. */
export function jobsOf(cronJob: KubeObject, jobs: readonly KubeObject[]): KubeObject[] {
  const uid = cronJob.metadata.uid;
  return jobs.filter((job) => ((job.metadata as { ownerReferences?: { uid?: string; kind?: string; name?: string }[] }).ownerReferences ?? []).some((o) => (uid ? o.uid === uid : o.kind === 'CronJob' && o.name === cronJob.metadata.name)));
}
