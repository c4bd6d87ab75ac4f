/**
 * Admission configuration (admissionregistration.k8s.io/v1): webhook configurations and
 * ValidatingAdmissionPolicies. The apiserver fills failurePolicy, matchPolicy, the selectors,
 * timeoutSeconds, reinvocationPolicy and a rule's scope when they are missing, so only a value
 * given is checked there; sideEffects and admissionReviewVersions have no default in v1.
 */
import { asArray, asInteger, asObject, asString, type Obj } from '../rules/values';
import type { Issue } from '../validate/issue';
import { base64BadByte, dns1035LabelErrors, dnsSubdomainErrors, pathSegmentNameErrors } from './formats';
import { labelSelectorIssues } from './labelSelector';
import { refusal, supported, type Path } from './refusal';

const FAILURE_POLICIES = ['Fail', 'Ignore'];
const MATCH_POLICIES = ['Equivalent', 'Exact'];
const SIDE_EFFECTS = ['None', 'NoneOnDryRun'];
const REINVOCATION_POLICIES = ['IfNeeded', 'Never'];
const OPERATIONS = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'];
const SCOPES = ['*', 'Cluster', 'Namespaced'];
const REVIEW_VERSIONS = ['v1', 'v1beta1'];

export function webhookConfigurationIssues(object: Obj, mutating: boolean): Issue[] {
  const issues: Issue[] = [];
  const names = new Set<string>();
  asArray(object.webhooks).forEach((item, index) => {
    const hook = asObject(item);
    if (!hook) return;
    const at = ['webhooks', index];
    issues.push(...webhookIssues(hook, at, mutating));
    const name = asString(hook.name);
    if (!name) return;
    if (names.has(name)) issues.push(refusal({ code: 'webhook-invalid', path: [...at, 'name'], reason: 'Duplicate value', value: name, detail: 'webhook names are unique within a configuration' }));
    names.add(name);
  });
  return issues;
}

function webhookIssues(hook: Obj, at: Path, mutating: boolean): Issue[] {
  const issues: Issue[] = [];
  const name = asString(hook.name);
  if (name === '') issues.push(refusal({ code: 'webhook-invalid', path: [...at, 'name'], reason: 'Required value' }));
  else if (name !== undefined) {
    const errors = dnsSubdomainErrors(name);
    if (errors.length > 0) issues.push(refusal({ code: 'webhook-invalid', path: [...at, 'name'], reason: 'Invalid value', value: name, detail: errors.join(',') }));
    else if (name.split('.').length < 3) issues.push(refusal({ code: 'webhook-invalid', path: [...at, 'name'], reason: 'Invalid value', value: name, detail: 'should be a domain with at least three segments separated by dots' }));
  }
  asArray(hook.rules).forEach((item, index) => {
    const rule = asObject(item);
    if (rule) issues.push(...ruleIssues(rule, [...at, 'rules', index]));
  });
  issues.push(...oneOf(hook, 'failurePolicy', FAILURE_POLICIES, at), ...oneOf(hook, 'matchPolicy', MATCH_POLICIES, at));
  if (mutating) issues.push(...oneOf(hook, 'reinvocationPolicy', REINVOCATION_POLICIES, at));
  if (hook.sideEffects === undefined) {
    issues.push(refusal({ code: 'webhook-invalid', path: at, on: 'key', field: [...at, 'sideEffects'], reason: 'Required value', detail: `must specify one of ${SIDE_EFFECTS.join(', ')}` }));
  } else issues.push(...oneOf(hook, 'sideEffects', SIDE_EFFECTS, at));
  const timeout = asInteger(hook.timeoutSeconds);
  if (timeout !== undefined && (timeout < 1 || timeout > 30)) {
    issues.push(refusal({ code: 'webhook-invalid', path: [...at, 'timeoutSeconds'], reason: 'Invalid value', value: timeout, detail: 'the timeout value must be between 1 and 30 seconds' }));
  }
  for (const key of ['namespaceSelector', 'objectSelector']) {
    const selector = asObject(hook[key]);
    if (selector) issues.push(...labelSelectorIssues(selector, [...at, key]));
  }
  issues.push(...clientConfigIssues(hook.clientConfig, [...at, 'clientConfig'], at));
  issues.push(...reviewVersionIssues(hook.admissionReviewVersions, at));
  return issues;
}

function clientConfigIssues(value: unknown, at: Path, hookAt: Path): Issue[] {
  const config = asObject(value);
  if (!config) {
    return [refusal({ code: 'webhook-client-config-invalid', path: value === undefined ? hookAt : at, on: 'key', field: at, reason: 'Required value', detail: 'exactly one of url or service is required' })];
  }
  const issues: Issue[] = [];
  const caBundle = asString(config.caBundle);
  const bad = caBundle === undefined ? undefined : base64BadByte(caBundle);
  if (bad !== undefined) {
    issues.push(refusal({ code: 'webhook-ca-bundle-not-base64', path: [...at, 'caBundle'], reason: 'Invalid value', detail: `illegal base64 data at input byte ${bad}: caBundle is the PEM bundle encoded in base64 (the apiserver cannot decode the object at all)` }));
  }
  const url = asString(config.url);
  const service = asObject(config.service);
  if ((url === undefined) === (service === undefined)) {
    issues.push(refusal({ code: 'webhook-client-config-invalid', path: at, on: 'key', reason: 'Required value', detail: 'exactly one of url or service is required' }));
  } else if (url !== undefined) {
    issues.push(...urlIssues(url, [...at, 'url']));
  } else if (service) {
    issues.push(...serviceIssues(service, [...at, 'service']));
  }
  return issues;
}

function urlIssues(url: string, at: Path): Issue[] {
  const form = '; desired format: https://host[/path]';
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/.exec(url);
  if (!match) return [refusal({ code: 'webhook-client-config-invalid', path: at, reason: 'Invalid value', value: url, detail: `'https' is the only allowed URL scheme${form}` })];
  const [, scheme, authority, , query, fragment] = match;
  const issues: Issue[] = [];
  if (scheme !== 'https') issues.push(refusal({ code: 'webhook-client-config-invalid', path: at, reason: 'Invalid value', value: scheme, detail: `'https' is the only allowed URL scheme${form}` }));
  const host = authority!.includes('@') ? authority!.slice(authority!.lastIndexOf('@') + 1) : authority!;
  if (host === '') issues.push(refusal({ code: 'webhook-client-config-invalid', path: at, reason: 'Invalid value', value: host, detail: `host must be specified${form}` }));
  if (authority!.includes('@')) issues.push(refusal({ code: 'webhook-client-config-invalid', path: at, reason: 'Invalid value', detail: 'user information is not permitted in the URL' }));
  if (fragment && fragment.length > 1) issues.push(refusal({ code: 'webhook-client-config-invalid', path: at, reason: 'Invalid value', value: fragment.slice(1), detail: 'fragments are not permitted in the URL' }));
  if (query && query.length > 1) issues.push(refusal({ code: 'webhook-client-config-invalid', path: at, reason: 'Invalid value', value: query.slice(1), detail: 'query parameters are not permitted in the URL' }));
  return issues;
}

function serviceIssues(service: Obj, at: Path): Issue[] {
  const issues: Issue[] = [];
  for (const key of ['name', 'namespace']) {
    if (asString(service[key]) === '') issues.push(refusal({ code: 'webhook-client-config-invalid', path: [...at, key], reason: 'Required value' }));
  }
  const port = asInteger(service.port);
  if (port !== undefined && (port < 1 || port > 65535)) {
    issues.push(refusal({ code: 'webhook-client-config-invalid', path: [...at, 'port'], reason: 'Invalid value', value: port, detail: 'port is not valid: must be between 1 and 65535, inclusive' }));
  }
  const path = asString(service.path);
  if (path !== undefined && path !== '' && path !== '/') {
    if (path === '//') issues.push(refusal({ code: 'webhook-client-config-invalid', path: [...at, 'path'], reason: 'Invalid value', value: path, detail: 'segment[0] may not be empty' }));
    else if (!path.startsWith('/')) issues.push(refusal({ code: 'webhook-client-config-invalid', path: [...at, 'path'], reason: 'Invalid value', value: path, detail: "must start with a '/'" }));
  }
  return issues;
}

function reviewVersionIssues(value: unknown, hookAt: Path): Issue[] {
  const at = [...hookAt, 'admissionReviewVersions'];
  const versions = asArray(value);
  if (versions.length === 0) {
    return [refusal({ code: 'webhook-invalid', path: value === undefined ? hookAt : at, on: value === undefined ? 'key' : 'value', field: at, reason: 'Required value', detail: `must specify one of ${REVIEW_VERSIONS.join(', ')}` })];
  }
  const issues: Issue[] = [];
  const seen = new Set<string>();
  versions.forEach((item, index) => {
    const version = asString(item);
    if (version === undefined) return;
    if (seen.has(version)) {
      issues.push(refusal({ code: 'webhook-invalid', path: [...at, index], reason: 'Invalid value', value: version, detail: 'duplicate version' }));
      return;
    }
    seen.add(version);
    for (const error of dns1035LabelErrors(version)) issues.push(refusal({ code: 'webhook-invalid', path: [...at, index], reason: 'Invalid value', value: version, detail: error }));
  });
  if (!REVIEW_VERSIONS.some((v) => seen.has(v))) {
    issues.push(refusal({ code: 'webhook-invalid', path: at, reason: 'Invalid value', value: versions, detail: `must include at least one of ${REVIEW_VERSIONS.join(', ')}` }));
  }
  return issues;
}

/** A RuleWithOperations: operations, API groups, versions and resources, each at least one. */
function ruleIssues(rule: Obj, at: Path): Issue[] {
  const issues: Issue[] = [];
  const required = (key: string, detail: string): void => {
    if (asArray(rule[key]).length > 0) return;
    const missing = rule[key] === undefined;
    issues.push(refusal({ code: 'admission-rule-invalid', path: missing ? at : [...at, key], on: missing ? 'key' : 'value', field: [...at, key], reason: 'Required value', detail }));
  };
  required('operations', `which operations the rule matches: ${OPERATIONS.map((o) => JSON.stringify(o)).join(', ')}`);
  const operations = asArray(rule.operations);
  if (operations.length > 1 && operations.includes('*')) {
    issues.push(refusal({ code: 'admission-rule-invalid', path: [...at, 'operations'], reason: 'Invalid value', value: operations, detail: "if '*' is present, must not specify other operations" }));
  }
  operations.forEach((item, index) => {
    if (typeof item === 'string' && !OPERATIONS.includes(item)) issues.push(refusal({ code: 'admission-rule-invalid', path: [...at, 'operations', index], reason: 'Unsupported value', value: item, detail: supported(OPERATIONS) }));
  });
  required('apiGroups', 'at least one API group ("" is the core group, "*" all of them)');
  required('apiVersions', 'at least one API version ("*" for all of them)');
  required('resources', 'at least one resource ("*" for all of them)');
  for (const key of ['apiGroups', 'apiVersions']) {
    const values = asArray(rule[key]);
    if (values.length > 1 && values.includes('*')) {
      issues.push(refusal({ code: 'admission-rule-invalid', path: [...at, key], reason: 'Invalid value', value: values, detail: `if '*' is present, must not specify other ${key === 'apiGroups' ? 'API groups' : 'API versions'}` }));
    }
  }
  asArray(rule.apiVersions).forEach((item, index) => {
    if (item === '') issues.push(refusal({ code: 'admission-rule-invalid', path: [...at, 'apiVersions', index], reason: 'Required value' }));
  });
  asArray(rule.resources).forEach((item, index) => {
    if (item === '') issues.push(refusal({ code: 'admission-rule-invalid', path: [...at, 'resources', index], reason: 'Required value' }));
  });
  issues.push(...oneOf(rule, 'scope', SCOPES, at, 'admission-rule-invalid'));
  return issues;
}

export function validatingAdmissionPolicyIssues(object: Obj): Issue[] {
  const spec = asObject(object.spec);
  if (!spec) return [];
  const at = ['spec'];
  const issues = [...oneOf(spec, 'failurePolicy', FAILURE_POLICIES, at, 'admission-policy-invalid')];
  const paramKind = asObject(spec.paramKind);
  if (paramKind) {
    for (const key of ['apiVersion', 'kind']) {
      if (!asString(paramKind[key])) issues.push(refusal({ code: 'admission-policy-invalid', path: paramKind[key] === undefined ? [...at, 'paramKind'] : [...at, 'paramKind', key], on: paramKind[key] === undefined ? 'key' : 'value', field: [...at, 'paramKind', key], reason: 'Required value' }));
    }
  }
  const constraints = asObject(spec.matchConstraints);
  if (!constraints) {
    issues.push(refusal({ code: 'admission-policy-invalid', path: at, on: 'key', field: [...at, 'matchConstraints'], reason: 'Required value', detail: 'the resources the policy applies to' }));
  } else {
    const constraintsAt = [...at, 'matchConstraints'];
    issues.push(...oneOf(constraints, 'matchPolicy', MATCH_POLICIES, constraintsAt, 'admission-policy-invalid'));
    for (const key of ['namespaceSelector', 'objectSelector']) {
      const selector = asObject(constraints[key]);
      if (selector) issues.push(...labelSelectorIssues(selector, [...constraintsAt, key]));
    }
    const resourceRules = asArray(constraints.resourceRules);
    if (resourceRules.length === 0) {
      const missing = constraints.resourceRules === undefined;
      issues.push(refusal({ code: 'admission-policy-invalid', path: missing ? constraintsAt : [...constraintsAt, 'resourceRules'], on: missing ? 'key' : 'value', field: [...constraintsAt, 'resourceRules'], reason: 'Required value', detail: 'at least one resource rule gives the policy the type it checks' }));
    }
    for (const key of ['resourceRules', 'excludeResourceRules']) {
      asArray(constraints[key]).forEach((item, index) => {
        const rule = asObject(item);
        if (rule) issues.push(...namedRuleIssues(rule, [...constraintsAt, key, index]));
      });
    }
  }
  if (asArray(spec.validations).length === 0 && asArray(spec.auditAnnotations).length === 0) {
    issues.push(refusal({ code: 'admission-policy-invalid', path: spec.validations === undefined ? at : [...at, 'validations'], on: spec.validations === undefined ? 'key' : 'value', field: [...at, 'validations'], reason: 'Required value', detail: 'validations or auditAnnotations must contain at least one item' }));
  }
  return issues;
}

function namedRuleIssues(rule: Obj, at: Path): Issue[] {
  const issues: Issue[] = [];
  const names = new Set<string>();
  asArray(rule.resourceNames).forEach((item, index) => {
    const name = asString(item);
    if (name === undefined) return;
    for (const error of pathSegmentNameErrors(name)) issues.push(refusal({ code: 'admission-rule-invalid', path: [...at, 'resourceNames', index], reason: 'Invalid value', value: name, detail: error }));
    if (names.has(name)) issues.push(refusal({ code: 'admission-rule-invalid', path: [...at, 'resourceNames', index], reason: 'Duplicate value', value: name }));
    names.add(name);
  });
  return [...issues, ...ruleIssues(rule, at)];
}

function oneOf(object: Obj, key: string, values: readonly string[], at: Path, code = 'webhook-invalid'): Issue[] {
  const value = asString(object[key]);
  if (value === undefined || values.includes(value)) return [];
  return [refusal({ code, path: [...at, key], reason: 'Unsupported value', value, detail: supported(values) })];
}
