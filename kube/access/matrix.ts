/**
 * Rules read as a matrix of verbs × resources, matched as the RBAC authorizer matches them
 * (`*` for any verb, group or resource, `*` slash a subresource for that subresource of any resource, resourceNames
 * narrowing a rule to named objects), and the sentence that says what is missing. Pure.
 */
import type { ResourceRule, RulesReview } from './reviews';

/** A resource as RBAC names it: the group ("" for core), the plural, a subresource. */
export interface AccessResource {
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
}

/** The verbs a matrix shows, in kubectl's order. */
export const MATRIX_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'] as const;

/** The resources Berth's commands and views use: the rows every matrix shows. */
export const MATRIX_RESOURCES: readonly AccessResource[] = [
  { group: '', resource: 'pods' },
  { group: '', resource: 'pods', subresource: 'log' },
  { group: '', resource: 'pods', subresource: 'exec' },
  { group: '', resource: 'pods', subresource: 'portforward' },
  { group: '', resource: 'services' },
  { group: '', resource: 'configmaps' },
  { group: '', resource: 'secrets' },
  { group: '', resource: 'persistentvolumeclaims' },
  { group: '', resource: 'events' },
  { group: 'apps', resource: 'deployments' },
  { group: 'apps', resource: 'deployments', subresource: 'scale' },
  { group: 'apps', resource: 'replicasets' },
  { group: 'apps', resource: 'statefulsets' },
  { group: 'apps', resource: 'daemonsets' },
  { group: 'batch', resource: 'jobs' },
  { group: 'batch', resource: 'cronjobs' },
  { group: 'networking.k8s.io', resource: 'ingresses' },
  { group: 'autoscaling', resource: 'horizontalpodautoscalers' },
];

/** kubectl's name for a resource: `pods`, `pods/log`, `deployments.apps`, `deployments.apps/scale`. */
export function resourceLabel(r: AccessResource): string {
  return `${r.resource}${r.group ? `.${r.group}` : ''}${r.subresource ? `/${r.subresource}` : ''}`;
}

/** `pods`, `pods/log`, `deployments.apps`, `deployments.apps/scale` back into their parts. */
export function parseResourceLabel(text: string): AccessResource {
  const slash = text.indexOf('/');
  const head = slash < 0 ? text : text.slice(0, slash);
  const subresource = slash < 0 ? undefined : text.slice(slash + 1);
  const dot = head.indexOf('.');
  return { resource: dot < 0 ? head : head.slice(0, dot), group: dot < 0 ? '' : head.slice(dot + 1), ...(subresource ? { subresource } : {}) };
}

function resourceMatches(rule: ResourceRule, r: AccessResource): boolean {
  const combined = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
  return rule.resources.some((x) => x === '*' || x === combined || (r.subresource !== undefined && x === `*/${r.subresource}`));
}

function ruleMatches(rule: ResourceRule, verb: string, r: AccessResource): boolean {
  return (
    (rule.verbs.includes('*') || rule.verbs.includes(verb)) &&
    (rule.apiGroups.includes('*') || rule.apiGroups.includes(r.group)) &&
    resourceMatches(rule, r)
  );
}

/** yes: allowed; some: only on the objects the rules name; no: not allowed. */
export type Cell = 'yes' | 'some' | 'no';

/** What the rules allow for one verb on one resource (optionally one named object). */
export function cellFor(rules: readonly ResourceRule[], verb: string, r: AccessResource, name?: string): Cell {
  let some = false;
  for (const rule of rules) {
    if (!ruleMatches(rule, verb, r)) continue;
    if (rule.resourceNames.length === 0 || (name !== undefined && rule.resourceNames.includes(name))) return 'yes';
    some = true;
  }
  return some ? 'some' : 'no';
}

export interface MatrixRow {
  readonly resource: AccessResource;
  readonly label: string;
  readonly cells: Readonly<Record<string, Cell>>;
}

export interface PermissionMatrix {
  readonly namespace: string;
  readonly verbs: readonly string[];
  readonly rows: readonly MatrixRow[];
  /** The server could not list every rule: a "no" may be wrong. */
  readonly incomplete: boolean;
  readonly evaluationError?: string;
}

/**
 * The matrix of `review`: the resources Berth uses, then every other resource a rule names
 * (not wildcards), each against MATRIX_VERBS and any other verb a rule names.
 */
export function permissionMatrix(review: RulesReview, base: readonly AccessResource[] = MATRIX_RESOURCES): PermissionMatrix {
  const rows = new Map<string, AccessResource>(base.map((r) => [resourceLabel(r), r]));
  const verbs: string[] = [...MATRIX_VERBS];
  for (const rule of review.resourceRules) {
    for (const verb of rule.verbs) if (verb !== '*' && !verbs.includes(verb)) verbs.push(verb);
    for (const group of rule.apiGroups) {
      if (group === '*') continue;
      for (const resource of rule.resources) {
        if (resource.includes('*')) continue;
        const r = parseResourceLabel(group ? `${resource.split('/')[0]}.${group}${resource.includes('/') ? `/${resource.split('/')[1]}` : ''}` : resource);
        if (!rows.has(resourceLabel(r))) rows.set(resourceLabel(r), r);
      }
    }
  }
  return {
    namespace: review.namespace,
    verbs,
    rows: [...rows.entries()].map(([label, resource]) => ({ resource, label, cells: Object.fromEntries(verbs.map((v) => [v, cellFor(review.resourceRules, v, resource)])) })),
    incomplete: review.incomplete,
    ...(review.evaluationError ? { evaluationError: review.evaluationError } : {}),
  };
}

/** "You may not delete pods in shop: ask for the `delete` verb on `pods`." */
export function denialMessage(verb: string, r: AccessResource, namespace?: string): string {
  const label = resourceLabel(r);
  return `You may not ${verb} ${label}${namespace ? ` in ${namespace}` : ''}: ask for the \`${verb}\` verb on \`${label}\`.`;
}
