/**
 * RBAC kinds (rbac.authorization.k8s.io/v1): what a Role's rules must say, what a binding's
 * roleRef may point at, and the subjects it may name. The apiserver fills an empty roleRef
 * apiGroup, and a User or Group subject's apiGroup, with rbac.authorization.k8s.io first.
 */
import { asArray, asObject, asString, type Obj } from '../rules/values';
import type { Issue } from '../validate/issue';
import { dnsSubdomainErrors, pathSegmentNameErrors } from './formats';
import { labelSelectorIssues } from './labelSelector';
import { refusal, supported, type Path } from './refusal';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

export function roleIssues(object: Obj, namespaced: boolean): Issue[] {
  const issues: Issue[] = [];
  asArray(object.rules).forEach((item, index) => {
    const rule = asObject(item);
    if (rule) issues.push(...policyRuleIssues(rule, ['rules', index], namespaced));
  });
  if (!namespaced) issues.push(...aggregationRuleIssues(object.aggregationRule));
  return issues;
}

export function roleBindingIssues(object: Obj, namespaced: boolean): Issue[] {
  const issues = roleRefIssues(object.roleRef, namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole']);
  asArray(object.subjects).forEach((item, index) => {
    const subject = asObject(item);
    if (subject) issues.push(...subjectIssues(subject, ['subjects', index], namespaced));
  });
  return issues;
}

function policyRuleIssues(rule: Obj, at: Path, namespaced: boolean): Issue[] {
  const issues: Issue[] = [];
  const has = (key: string): boolean => asArray(rule[key]).length > 0;
  const absent = (key: string): Path => (rule[key] === undefined ? at : [...at, key]);
  if (!has('verbs')) {
    issues.push(refusal({ code: 'policy-rule-invalid', path: absent('verbs'), on: rule.verbs === undefined ? 'key' : 'value', field: [...at, 'verbs'], reason: 'Required value', detail: 'verbs must contain at least one value' }));
  }
  if (has('nonResourceURLs')) {
    const urls = rule.nonResourceURLs;
    if (namespaced) {
      issues.push(refusal({ code: 'policy-rule-invalid', path: [...at, 'nonResourceURLs'], reason: 'Invalid value', value: urls, detail: 'namespaced rules cannot apply to non-resource URLs (only a ClusterRole may grant them)' }));
    }
    if (has('apiGroups') || has('resources') || has('resourceNames')) {
      issues.push(refusal({ code: 'policy-rule-invalid', path: [...at, 'nonResourceURLs'], reason: 'Invalid value', value: urls, detail: 'rules cannot apply to both regular resources and non-resource URLs (write two rules)' }));
    }
    return issues;
  }
  if (!has('apiGroups')) {
    issues.push(refusal({ code: 'policy-rule-invalid', path: absent('apiGroups'), on: rule.apiGroups === undefined ? 'key' : 'value', field: [...at, 'apiGroups'], reason: 'Required value', detail: 'resource rules must supply at least one api group ("" is the core group)' }));
  }
  if (!has('resources')) {
    issues.push(refusal({ code: 'policy-rule-invalid', path: absent('resources'), on: rule.resources === undefined ? 'key' : 'value', field: [...at, 'resources'], reason: 'Required value', detail: 'resource rules must supply at least one resource' }));
  }
  return issues;
}

function aggregationRuleIssues(value: unknown): Issue[] {
  const rule = asObject(value);
  if (!rule) return [];
  const at = ['aggregationRule'];
  const selectors = asArray(rule.clusterRoleSelectors);
  if (selectors.length === 0) {
    return [refusal({ code: 'aggregation-rule-invalid', path: at, on: 'key', field: [...at, 'clusterRoleSelectors'], reason: 'Required value', detail: 'at least one clusterRoleSelector required if aggregationRule is non-nil' })];
  }
  const issues: Issue[] = [];
  selectors.forEach((item, index) => {
    const selector = asObject(item);
    if (selector) issues.push(...labelSelectorIssues(selector, [...at, 'clusterRoleSelectors', index]));
  });
  return issues;
}

function roleRefIssues(value: unknown, kinds: readonly string[]): Issue[] {
  const ref = asObject(value);
  if (!ref) return [];
  const at = ['roleRef'];
  const issues: Issue[] = [];
  const apiGroup = asString(ref.apiGroup);
  if (apiGroup !== undefined && apiGroup !== '' && apiGroup !== RBAC_GROUP) {
    issues.push(refusal({ code: 'role-ref-invalid', path: [...at, 'apiGroup'], reason: 'Unsupported value', value: apiGroup, detail: supported([RBAC_GROUP]) }));
  }
  const kind = asString(ref.kind);
  if (kind !== undefined && !kinds.includes(kind)) {
    issues.push(refusal({ code: 'role-ref-invalid', path: [...at, 'kind'], reason: 'Unsupported value', value: kind, detail: supported(kinds) }));
  }
  const name = asString(ref.name);
  if (name === '') issues.push(refusal({ code: 'role-ref-invalid', path: [...at, 'name'], reason: 'Required value', detail: 'the role to bind' }));
  else if (name !== undefined) {
    for (const error of pathSegmentNameErrors(name)) issues.push(refusal({ code: 'role-ref-invalid', path: [...at, 'name'], reason: 'Invalid value', value: name, detail: error }));
  }
  return issues;
}

function subjectIssues(subject: Obj, at: Path, namespaced: boolean): Issue[] {
  const issues: Issue[] = [];
  const name = asString(subject.name);
  if (name === '') issues.push(refusal({ code: 'subject-invalid', path: [...at, 'name'], reason: 'Required value' }));
  const apiGroup = asString(subject.apiGroup) ?? '';
  const kind = asString(subject.kind);
  switch (kind) {
    case 'ServiceAccount':
      if (name) for (const error of dnsSubdomainErrors(name)) issues.push(refusal({ code: 'subject-invalid', path: [...at, 'name'], reason: 'Invalid value', value: name, detail: error }));
      if (apiGroup !== '') issues.push(refusal({ code: 'subject-invalid', path: [...at, 'apiGroup'], reason: 'Unsupported value', value: apiGroup, detail: `${supported([''])} (a ServiceAccount is in the core group)` }));
      if (!namespaced && !asString(subject.namespace)) {
        issues.push(refusal({ code: 'subject-namespace-required', path: subject.namespace === undefined ? at : [...at, 'namespace'], on: subject.namespace === undefined ? 'key' : 'value', field: [...at, 'namespace'], reason: 'Required value', detail: 'a ClusterRoleBinding names the namespace of each ServiceAccount it binds' }));
      }
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== '' && apiGroup !== RBAC_GROUP) issues.push(refusal({ code: 'subject-invalid', path: [...at, 'apiGroup'], reason: 'Unsupported value', value: apiGroup, detail: supported([RBAC_GROUP]) }));
      break;
    case undefined:
      break;
    default:
      issues.push(refusal({ code: 'subject-invalid', path: [...at, 'kind'], reason: 'Unsupported value', value: kind, detail: supported(['ServiceAccount', 'User', 'Group']) }));
  }
  return issues;
}
