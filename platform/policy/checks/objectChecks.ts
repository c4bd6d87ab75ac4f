/** Checks of one object that are not about its pods: Job clean-up and PodDisruptionBudget settings. */
import { asObject, field, type Obj } from '../../rules/values';
import type { Enabled, Finding } from './finding';

export function objectFindings(object: Obj, apiVersion: string, kind: string, on: Enabled): Finding[] {
  if (apiVersion === 'batch/v1' && on('job-ttl-seconds-after-finished')) return jobTtlFindings(object, kind);
  if (apiVersion === 'policy/v1' && kind === 'PodDisruptionBudget') return budgetFindings(object, on);
  return [];
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function jobTtlFindings(object: Obj, kind: string): Finding[] {
  if (kind === 'Job' && asObject(object.spec) && !isSet(field(object, 'spec', 'ttlSecondsAfterFinished'))) {
    return [{ id: 'job-ttl-seconds-after-finished', path: ['spec'], on: 'key', message: 'This Job sets no ttlSecondsAfterFinished: once finished, it and its pods are kept until someone deletes them.' }];
  }
  if (kind === 'CronJob' && isSet(field(object, 'spec', 'jobTemplate', 'spec', 'ttlSecondsAfterFinished'))) {
    return [
      {
        id: 'job-ttl-seconds-after-finished',
        path: ['spec', 'jobTemplate', 'spec', 'ttlSecondsAfterFinished'],
        on: 'key',
        message: "This CronJob's Jobs set ttlSecondsAfterFinished, which competes with successfulJobsHistoryLimit and failedJobsHistoryLimit: the stricter one wins. Keep the history limits alone.",
      },
    ];
  }
  return [];
}

function budgetFindings(object: Obj, on: Enabled): Finding[] {
  const spec = asObject(object.spec);
  if (!spec) return [];
  const out: Finding[] = [];
  const max = spec.maxUnavailable;
  if (on('pdb-max-unavailable') && (max === 0 || (typeof max === 'string' && /^0+%$/.test(max)))) {
    out.push({ id: 'pdb-max-unavailable', path: ['spec', 'maxUnavailable'], on: 'value', message: 'maxUnavailable is 0: no pod it selects may ever be evicted, so node drains and upgrades hang.' });
  }
  if (on('pdb-unhealthy-pod-eviction-policy') && !isSet(spec.unhealthyPodEvictionPolicy)) {
    out.push({ id: 'pdb-unhealthy-pod-eviction-policy', path: ['spec'], on: 'key', message: 'unhealthyPodEvictionPolicy is not set: pods that never became ready still count against the budget and can block drains. Set it to AlwaysAllow.' });
  }
  return out;
}
