/** PodDisruptionBudgets and HorizontalPodAutoscalers. */
import { asInteger, asObject, asString, type Obj } from '../rules/values';
import type { Issue } from '../validate/issue';
import { labelSelectorIssues } from './labelSelector';
import { refusal } from './refusal';
import { intOrPercentIssues } from './workloads';

export function podDisruptionBudgetIssues(object: Obj): Issue[] {
  const spec = asObject(object.spec);
  if (!spec) return [];
  const issues: Issue[] = [];
  const present = (key: string): boolean => spec[key] !== undefined && spec[key] !== null;
  if (present('minAvailable') && present('maxUnavailable')) {
    issues.push(refusal({ code: 'pdb-both-set', path: ['spec', 'maxUnavailable'], on: 'key', field: 'spec', reason: 'Invalid value', detail: 'minAvailable and maxUnavailable cannot be both set' }));
  }
  for (const key of ['minAvailable', 'maxUnavailable']) issues.push(...intOrPercentIssues(spec[key], ['spec', key], true));
  const selector = asObject(spec.selector);
  if (selector) issues.push(...labelSelectorIssues(selector, ['spec', 'selector']));
  return issues;
}

export function horizontalPodAutoscalerIssues(object: Obj): Issue[] {
  const spec = asObject(object.spec);
  if (!spec) return [];
  const issues: Issue[] = [];
  const min = asInteger(spec.minReplicas);
  const max = asInteger(spec.maxReplicas);
  if (min !== undefined && min < 1) {
    issues.push(refusal({ code: 'hpa-replicas-invalid', path: ['spec', 'minReplicas'], reason: 'Invalid value', value: min, detail: 'must be greater than or equal to 1' }));
  }
  if (max !== undefined && max < 1) {
    issues.push(refusal({ code: 'hpa-replicas-invalid', path: ['spec', 'maxReplicas'], reason: max === 0 ? 'Required value' : 'Invalid value', ...(max === 0 ? {} : { value: max }), detail: max === 0 ? 'must be set and greater than 0' : 'must be greater than or equal to 1' }));
  } else if (min !== undefined && max !== undefined && max < min) {
    issues.push(refusal({ code: 'hpa-replicas-invalid', path: ['spec', 'maxReplicas'], reason: 'Invalid value', value: max, detail: `must be greater than or equal to \`minReplicas\` (${min})` }));
  }
  const target = asObject(spec.scaleTargetRef);
  if (target) {
    for (const key of ['kind', 'name']) {
      if (asString(target[key]) === '') issues.push(refusal({ code: 'hpa-target-invalid', path: ['spec', 'scaleTargetRef', key], reason: 'Required value', detail: `the scale target needs a ${key}` }));
    }
  }
  return issues;
}
