/**
 * Workload kinds (Deployment, ReplicaSet, StatefulSet, DaemonSet, ReplicationController, Job,
 * CronJob): the spec they need, selectors that select their own pods, the restart policy their
 * controller allows, counts that cannot be negative.
 */
import { asArray, asInteger, asObject, asString, type Obj } from '../rules/values';
import type { Issue } from '../validate/issue';
import { cronScheduleError } from './cronSchedule';
import { dnsLabelErrors, isPercent } from './formats';
import { labelMapIssues, labelSelectorIssues, selectorIsEmpty, selectorMatches } from './labelSelector';
import { podTemplateIssues } from './podSpec';
import { claimSpecIssues } from './pvc';
import { refusal, supported, type Path } from './refusal';

/** Deployment, ReplicaSet, StatefulSet, DaemonSet (apps/v1). */
export function appsWorkloadIssues(object: Obj, kind: string): Issue[] {
  const spec = asObject(object.spec);
  if (!spec) return [missingSpec(kind, ['spec.selector', 'spec.template.spec.containers'])];
  const issues: Issue[] = [];
  for (const key of ['replicas', 'minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds']) issues.push(...nonNegative(spec, key, ['spec']));
  const selector = asObject(spec.selector);
  const template = asObject(spec.template);
  // The schema already requires a template, except of a ReplicaSet.
  const checkTemplate = template !== undefined || (kind === 'ReplicaSet' && spec.template === undefined);
  if (selector) {
    const selectorIssues = labelSelectorIssues(selector, ['spec', 'selector']);
    issues.push(...selectorIssues);
    if (selectorIsEmpty(selector)) {
      issues.push(refusal({ code: 'selector-empty', path: ['spec', 'selector'], on: 'key', reason: 'Invalid value', value: selector, detail: `empty selector is invalid for ${kind === 'ReplicaSet' ? 'deployment' : kind.toLowerCase()} (it would select every pod of the namespace)` }));
    } else if (selectorIssues.length === 0 && checkTemplate) {
      issues.push(...selectorMismatch(selector, template, ['spec', 'template']));
    }
  }
  if (checkTemplate) issues.push(...podTemplateIssues(template, ['spec', 'template'], kind === 'StatefulSet' ? claimTemplateNames(spec) : undefined));
  issues.push(...restartPolicyAlways(template, ['spec', 'template', 'spec', 'restartPolicy']));
  if (kind === 'Deployment') issues.push(...deploymentIssues(spec));
  if (kind === 'StatefulSet') issues.push(...statefulSetIssues(spec));
  return issues;
}

export function replicationControllerIssues(object: Obj): Issue[] {
  const spec = asObject(object.spec);
  if (!spec) return [missingSpec('ReplicationController', ['spec.selector', 'spec.template'])];
  const issues = [...nonNegative(spec, 'replicas', ['spec']), ...nonNegative(spec, 'minReadySeconds', ['spec'])];
  const template = asObject(spec.template);
  const templateLabels = asObject(asObject(template?.metadata)?.labels) ?? {};
  // The selector defaults to the template's labels.
  const selector = asObject(spec.selector);
  const effective = selector && Object.keys(selector).length > 0 ? selector : templateLabels;
  if (selector) issues.push(...labelMapIssues(selector, ['spec', 'selector']));
  if (Object.keys(effective).length === 0) {
    issues.push(refusal({ code: 'selector-required', path: selector ? ['spec', 'selector'] : ['spec'], on: 'key', field: ['spec', 'selector'], reason: 'Required value', detail: 'a ReplicationController selects its pods by labels: give it a selector or template labels' }));
  }
  if (!template) {
    issues.push(refusal({ code: 'template-required', path: ['spec'], on: 'key', field: ['spec', 'template'], reason: 'Required value', detail: 'a ReplicationController needs a pod template' }));
    return issues;
  }
  if (selector && Object.keys(selector).length > 0 && !selectorMatches({ matchLabels: selector }, templateLabels)) {
    issues.push(mismatch(template, ['spec', 'template']));
  }
  issues.push(...podTemplateIssues(template, ['spec', 'template']));
  issues.push(...restartPolicyAlways(template, ['spec', 'template', 'spec', 'restartPolicy']));
  return issues;
}

export function jobIssues(object: Obj): Issue[] {
  const spec = asObject(object.spec);
  if (!spec) return [missingSpec('Job', ['spec.template.spec.containers', 'spec.template.spec.restartPolicy'])];
  const issues = jobSpecIssues(spec, ['spec']);
  const selector = asObject(spec.selector);
  if (spec.manualSelector === true && selector) {
    const selectorIssues = labelSelectorIssues(selector, ['spec', 'selector']);
    issues.push(...selectorIssues);
    if (selectorIssues.length === 0) issues.push(...selectorMismatch(selector, asObject(spec.template), ['spec', 'template']));
  }
  return issues;
}

export function cronJobIssues(object: Obj): Issue[] {
  const issues: Issue[] = [];
  const name = asString(asObject(object.metadata)?.name);
  if (name !== undefined && name.length > 52) {
    issues.push(refusal({ code: 'cronjob-name-too-long', path: ['metadata', 'name'], reason: 'Invalid value', value: name, detail: 'must be no more than 52 characters (the Jobs it creates append 11)' }));
  }
  const spec = asObject(object.spec);
  if (!spec) return [...issues, missingSpec('CronJob', ['spec.schedule', 'spec.jobTemplate'])];
  const schedule = asString(spec.schedule);
  if (schedule !== undefined) {
    const error = schedule === '' ? 'a schedule is required' : cronScheduleError(schedule);
    if (schedule === '') issues.push(refusal({ code: 'cron-schedule-invalid', path: ['spec', 'schedule'], reason: 'Required value', detail: 'a CronJob needs a schedule' }));
    else if (error) issues.push(refusal({ code: 'cron-schedule-invalid', path: ['spec', 'schedule'], reason: 'Invalid value', value: schedule, detail: `${error} (five fields: minute hour day-of-month month day-of-week, or @hourly, @daily...)` }));
    else if (schedule.includes('TZ')) issues.push(refusal({ code: 'cron-schedule-invalid', path: ['spec', 'schedule'], reason: 'Invalid value', value: schedule, detail: 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead' }));
  }
  const timeZone = spec.timeZone;
  if (timeZone === '' || (typeof timeZone === 'string' && timeZone.toLowerCase() === 'local')) {
    issues.push(refusal({ code: 'cron-time-zone-invalid', path: ['spec', 'timeZone'], reason: 'Invalid value', value: timeZone, detail: timeZone === '' ? 'timeZone must be nil or non-empty string' : 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones' }));
  }
  for (const key of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) issues.push(...nonNegative(spec, key, ['spec']));
  const jobTemplate = asObject(spec.jobTemplate);
  const jobSpec = asObject(jobTemplate?.spec);
  if (jobTemplate && !jobSpec) {
    issues.push(missingSpecAt(['spec', 'jobTemplate'], 'a CronJob\'s jobTemplate needs a spec with a pod template', ['spec.jobTemplate.spec.template.spec.containers']));
  }
  if (jobSpec) {
    issues.push(...jobSpecIssues(jobSpec, ['spec', 'jobTemplate', 'spec']));
    if (jobSpec.selector !== undefined && jobSpec.selector !== null) {
      issues.push(refusal({ code: 'cronjob-selector-forbidden', path: ['spec', 'jobTemplate', 'spec', 'selector'], on: 'key', reason: 'Invalid value', detail: '`selector` will be auto-generated' }));
    }
  }
  return issues;
}

function jobSpecIssues(spec: Obj, at: Path): Issue[] {
  const issues: Issue[] = [];
  for (const key of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) issues.push(...nonNegative(spec, key, at));
  if (spec.completionMode === 'Indexed' && spec.completions === undefined) {
    issues.push(refusal({ code: 'job-completions-required', path: [...at, 'completionMode'], field: [...at, 'completions'], reason: 'Required value', detail: 'when completion mode is Indexed' }));
  }
  const template = asObject(spec.template);
  if (template || spec.template === undefined) issues.push(...podTemplateIssues(template, [...at, 'template']));
  const restartPolicy = asObject(template?.spec)?.restartPolicy;
  const policyPath = [...at, 'template', 'spec', 'restartPolicy'];
  if (restartPolicy === undefined || restartPolicy === null || restartPolicy === 'Always' || restartPolicy === '') {
    const present = typeof restartPolicy === 'string';
    const where = present ? policyPath : asObject(template?.spec) ? [...at, 'template', 'spec'] : template ? [...at, 'template'] : at;
    issues.push(refusal({ code: 'job-restart-policy', path: where, on: present ? 'value' : 'key', field: policyPath, reason: 'Required value', detail: 'valid values: "OnFailure", "Never" (a Job\'s pods run to completion; the default Always is for long-running workloads)' }));
  } else if (typeof restartPolicy === 'string' && restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') {
    issues.push(refusal({ code: 'job-restart-policy', path: policyPath, reason: 'Unsupported value', value: restartPolicy, detail: supported(['OnFailure', 'Never']) }));
  } else if (spec.podFailurePolicy && restartPolicy !== 'Never') {
    issues.push(refusal({ code: 'job-restart-policy', path: policyPath, reason: 'Invalid value', value: restartPolicy, detail: 'only "Never" is supported when podFailurePolicy is specified' }));
  }
  return issues;
}

function deploymentIssues(spec: Obj): Issue[] {
  const issues: Issue[] = [];
  const progress = asInteger(spec.progressDeadlineSeconds);
  const minReady = asInteger(spec.minReadySeconds) ?? 0;
  if (progress !== undefined && progress <= minReady) {
    issues.push(refusal({ code: 'progress-deadline-invalid', path: ['spec', 'progressDeadlineSeconds'], reason: 'Invalid value', value: progress, detail: 'must be greater than minReadySeconds' }));
  }
  const strategy = asObject(spec.strategy);
  const rollingUpdate = asObject(strategy?.rollingUpdate);
  if (strategy?.type === 'Recreate' && rollingUpdate) {
    issues.push(refusal({ code: 'strategy-invalid', path: ['spec', 'strategy', 'rollingUpdate'], on: 'key', reason: 'Forbidden', detail: "may not be specified when strategy `type` is 'Recreate'" }));
  } else if (rollingUpdate) {
    const at = ['spec', 'strategy', 'rollingUpdate'];
    issues.push(...intOrPercentIssues(rollingUpdate.maxUnavailable, [...at, 'maxUnavailable'], true), ...intOrPercentIssues(rollingUpdate.maxSurge, [...at, 'maxSurge'], false));
    if (isZero(rollingUpdate.maxUnavailable) && isZero(rollingUpdate.maxSurge)) {
      issues.push(refusal({ code: 'strategy-invalid', path: [...at, 'maxUnavailable'], reason: 'Invalid value', value: rollingUpdate.maxUnavailable, detail: 'may not be 0 when `maxSurge` is 0 (the rollout could never progress)' }));
    }
  }
  return issues;
}

/** The volumes a StatefulSet's claim templates give each of its pods. */
function claimTemplateNames(spec: Obj): Set<string> {
  const names = new Set<string>();
  for (const claim of asArray(spec.volumeClaimTemplates)) {
    const name = asString(asObject(asObject(claim)?.metadata)?.name);
    if (name) names.add(name);
  }
  return names;
}

function statefulSetIssues(spec: Obj): Issue[] {
  const issues: Issue[] = [];
  asArray(spec.volumeClaimTemplates).forEach((item, index) => {
    const claim = asObject(item);
    const at = ['spec', 'volumeClaimTemplates', index];
    if (claim) issues.push(...claimSpecIssues(claim.spec, [...at, 'spec'], at));
  });
  const serviceName = asString(spec.serviceName);
  if (!serviceName) return issues;
  return [...issues, ...dnsLabelErrors(serviceName).map((error) => refusal({ code: 'service-name-invalid', path: ['spec', 'serviceName'], reason: 'Invalid value', value: serviceName, detail: error }))];
}

/** An int (≥ 0) or a percentage ("25%"), as rolling updates and disruption budgets take. */
export function intOrPercentIssues(value: unknown, at: Path, atMost100: boolean): Issue[] {
  if (typeof value === 'number') return value < 0 ? [refusal({ code: 'int-or-percent-invalid', path: at, reason: 'Invalid value', value, detail: 'must be greater than or equal to 0' })] : [];
  if (typeof value !== 'string') return [];
  if (!isPercent(value)) {
    return [refusal({ code: 'int-or-percent-invalid', path: at, reason: 'Invalid value', value, detail: "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%', '93%'); a number of pods is written unquoted" })];
  }
  if (atMost100 && Number(value.slice(0, -1)) > 100) return [refusal({ code: 'int-or-percent-invalid', path: at, reason: 'Invalid value', value, detail: 'must not be greater than 100%' })];
  return [];
}

function isZero(value: unknown): boolean {
  return value === 0 || value === '0%';
}

function nonNegative(spec: Obj, key: string, at: Path): Issue[] {
  const value = asInteger(spec[key]);
  return value !== undefined && value < 0 ? [refusal({ code: 'negative-value', path: [...at, key], reason: 'Invalid value', value, detail: 'must be greater than or equal to 0' })] : [];
}

function restartPolicyAlways(template: Obj | undefined, at: Path): Issue[] {
  const policy = asObject(template?.spec)?.restartPolicy;
  if (typeof policy !== 'string' || policy === 'Always') return [];
  return [refusal({ code: 'restart-policy-unsupported', path: at, reason: 'Unsupported value', value: policy, detail: `${supported(['Always'])} (the controller keeps its pods running; use a Job for pods that finish)` })];
}

function selectorMismatch(selector: Obj, template: Obj | undefined, at: Path): Issue[] {
  const labels = asObject(asObject(template?.metadata)?.labels) ?? {};
  return selectorMatches(selector, labels) ? [] : [mismatch(template, at)];
}

function mismatch(template: Obj | undefined, at: Path): Issue {
  const metadata = asObject(template?.metadata);
  const labels = asObject(metadata?.labels);
  const path = labels ? [...at, 'metadata', 'labels'] : metadata ? [...at, 'metadata'] : at;
  return refusal({ code: 'selector-mismatch', path, on: labels ? 'value' : 'key', field: [...at, 'metadata', 'labels'], reason: 'Invalid value', value: labels ?? {}, detail: '`selector` does not match template `labels`: the controller would not own the pods it creates' });
}

function missingSpec(kind: string, fields: readonly string[]): Issue {
  return missingSpecAt([], `a ${kind} needs a spec`, fields);
}

function missingSpecAt(at: Path, why: string, fields: readonly string[]): Issue {
  return { ...refusal({ code: 'spec-required', path: [...at, 'spec'], on: 'key', field: fields[0]!, reason: 'Required value', detail: `${why} (the apiserver also requires ${fields.join(', ')})` }) };
}
