/**
 * The best-practice checks that need other documents of the workspace: Services and
 * PodDisruptionBudgets against the pods they select, pods against the ServiceAccounts they run as.
 * Every lookup goes through an index built once, so the cost grows with the workspace, not with
 * its square.
 */
import { selectorIsEmpty } from '../../apiserver/labelSelector';
import { asInteger, asObject, asString, field, type Obj } from '../../rules/values';
import type { RelatedLocation } from '../../validate/issue';
import type { CrossIssue } from '../../workspace/crossIssue';
import { podTemplate, type PodTemplate } from '../../workspace/podTemplates';
import { evaluateRule, type CrossRule } from '../../workspace/crossRuleCache';
import { isPlatform, nameLocation, type ManifestEntry, type WorkspaceIndex } from '../../workspace/workspaceIndex';
import { checkPolicy, findingIssue } from './documentChecks';
import type { Finding } from './finding';
import { shown, type CheckLevels } from './levels';
import { PodLabelIndex, type PodLabels } from './podLabelIndex';
import { isSuppressed } from './suppression';

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod'];
const REPLICATED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);
/** The labels an Application's rendered pods carry (see the renderer). */
const APP_NAME_LABEL = 'app.kubernetes.io/name';

/** The checks' settings of the file an object is in (undefined: the file is not tracked, nothing is reported). */
export type LevelsFor = (uri: string) => CheckLevels | undefined;

export function workspaceCheckIssues(index: WorkspaceIndex, levelsFor: LevelsFor, pods = new PodLabelIndex()): CrossIssue[] {
  return evaluateRule(workspaceChecksRule(levelsFor, () => pods), index);
}

/** What the checks compare a Service, a PodDisruptionBudget or a pod with: the rest of the workspace. */
interface ChecksContext {
  readonly pods: PodLabelIndex;
  readonly budgets: BudgetContext;
  readonly accounts: ServiceAccounts;
}

/** The workspace checks as a rule whose findings are kept per document (see CrossRuleCache). */
export function workspaceChecksRule(levelsFor: LevelsFor, newPodIndex: () => PodLabelIndex = () => new PodLabelIndex()): CrossRule<ChecksContext> {
  const report = (entry: ManifestEntry, findings: () => Finding[], ids: readonly string[]): CrossIssue[] => {
    const levels = levelsFor(entry.uri);
    if (!levels) return [];
    const { suppressions, level } = policyOf(entry.value, levels);
    const on = ids.filter((id) => level.get(id) !== 'off' && !isSuppressed(suppressions, id));
    if (on.length === 0) return [];
    const issues: CrossIssue[] = [];
    for (const finding of findings()) {
      const reported = level.get(finding.id);
      if (on.includes(finding.id) && reported && reported !== 'off') issues.push({ entry, issue: findingIssue(finding, reported) });
    }
    return issues;
  };
  return {
    footprint,
    context: (index) => {
      const pods = newPodIndex();
      for (const template of templatesOf(index)) pods.add({ namespace: template.entry.namespace, labels: template.labels, template });
      for (const app of index.platform('Application')) pods.add({ namespace: app.namespace, labels: { [APP_NAME_LABEL]: app.name, 'app.kubernetes.io/managed-by': 'berth' }, template: undefined });
      return { pods, budgets: new BudgetContext(index), accounts: new ServiceAccounts(index) };
    },
    shared: () => [],
    subjects: function* (index) {
      yield* index.ofKind('Service');
      yield* index.ofKind('PodDisruptionBudget');
      for (const template of templatesOf(index)) yield template.entry;
    },
    issuesOf: ({ pods, budgets, accounts }, entry) => {
      if (entry.kind === 'Service') return report(entry, () => serviceFindings(entry, pods), ['dangling-service']);
      if (entry.kind === 'PodDisruptionBudget') return entry.apiVersion === 'policy/v1' ? report(entry, () => budgets.findings(entry, pods), ['dangling-poddisruptionbudget', 'pdb-min-available']) : [];
      const template = podTemplate(entry);
      return template ? report(entry, () => accounts.findings(template), ['non-existent-service-account']) : [];
    },
  };
}

function* templatesOf(index: WorkspaceIndex): IterableIterator<PodTemplate> {
  for (const kind of WORKLOAD_KINDS) {
    for (const entry of index.ofKind(kind)) {
      const template = podTemplate(entry);
      if (template) yield template;
    }
  }
}

/**
 * What the checks of other documents read of this one: a workload's pod labels, replicas and
 * where it is named (near misses point there), an Application's pods, an HPA's target and
 * minimum, the ServiceAccounts and Namespaces.
 */
function footprint(entry: ManifestEntry): string | undefined {
  if (WORKLOAD_KINDS.includes(entry.kind)) {
    const template = podTemplate(entry);
    return template ? JSON.stringify(['workload', entry.kind, entry.namespace, entry.name, template.labels, field(entry.value, 'spec', 'replicas') ?? null, nameLocation(entry)]) : undefined;
  }
  if (isPlatform(entry, 'Application')) return JSON.stringify(['app', entry.namespace, entry.name]);
  switch (entry.kind) {
    case 'HorizontalPodAutoscaler':
      return JSON.stringify(['hpa', entry.namespace, field(entry.value, 'spec', 'scaleTargetRef') ?? null, field(entry.value, 'spec', 'minReplicas') ?? null]);
    case 'ServiceAccount':
    case 'Namespace':
      return JSON.stringify([entry.kind, entry.apiVersion, entry.namespace, entry.name]);
    default:
      return undefined;
  }
}

/** Each document's suppressions, read once while it is unchanged: the rules run again over every document after each edit. */
const policies = new WeakMap<Obj, WeakMap<CheckLevels, ReturnType<typeof checkPolicy>>>();

function policyOf(value: Obj, levels: CheckLevels): ReturnType<typeof checkPolicy> {
  let byLevels = policies.get(value);
  if (!byLevels) policies.set(value, (byLevels = new WeakMap()));
  let policy = byLevels.get(levels);
  if (!policy) byLevels.set(levels, (policy = checkPolicy(value, levels)));
  return policy;
}

function serviceFindings(service: ManifestEntry, pods: PodLabelIndex): Finding[] {
  if (service.apiVersion !== 'v1' || asString(field(service.value, 'spec', 'type')) === 'ExternalName') return [];
  const selector = asObject(field(service.value, 'spec', 'selector'));
  // Without a selector the Service's endpoints are written by hand (or by a controller): not checked.
  if (!selector || Object.keys(selector).length === 0) return [];
  if (pods.selectedByMap(service.namespace, selector).length > 0) return [];
  const wanted = Object.entries(selector).map(([k, v]) => [k, String(v)] as const);
  const selectorText = wanted.map(([k, v]) => `${k}=${v}`).join(',');
  return [
    {
      id: 'dangling-service',
      path: ['spec', 'selector'],
      on: 'key',
      message: `Service "${service.name}" selects ${selectorText}, which matches no Deployment, StatefulSet or DaemonSet pod template in namespace "${service.namespace}" of the workspace.`,
      related: nearMisses(pods, service.namespace, wanted),
    },
  ];
}

/** Workloads sharing some of the selector's labels: the likely intended targets (at most three). */
function nearMisses(pods: PodLabelIndex, namespace: string, wanted: readonly (readonly [string, string])[]): RelatedLocation[] {
  const found = new Set<PodTemplate>();
  for (const [key] of wanted) {
    for (const pod of pods.withKey(namespace, key)) {
      if (found.size >= 3) break;
      if (pod.template) found.add(pod.template);
    }
  }
  return [...found].map((t) => ({ ...nameLocation(t.entry), message: `${t.entry.kind} "${t.entry.name}" has pod labels ${Object.entries(t.labels).map(([k, v]) => `${k}=${v}`).join(',')}` }));
}

/** What PodDisruptionBudgets are checked against: the replicas of the workloads they select, raised by an HPA's minimum. */
class BudgetContext {
  private minReplicas: Map<string, number> | undefined;

  constructor(private readonly index: WorkspaceIndex) {}

  findings(pdb: ManifestEntry, pods: PodLabelIndex): Finding[] {
    const spec = asObject(pdb.value.spec);
    if (!spec) return [];
    const selector = asObject(spec.selector);
    const out: Finding[] = [];
    const percent = typeof spec.minAvailable === 'string' ? /^(\d+)%$/.exec(spec.minAvailable) : null;
    const minAvailable = percent ? undefined : asInteger(spec.minAvailable);
    if (percent && Number(percent[1]) >= 100) {
      out.push({ id: 'pdb-min-available', path: ['spec', 'minAvailable'], on: 'value', message: 'minAvailable is 100%: no pod it selects may ever be evicted, so node drains and upgrades hang.' });
    }
    if (!selector) {
      out.push({ id: 'dangling-poddisruptionbudget', path: ['spec'], on: 'key', message: 'This PodDisruptionBudget has no selector, so it selects no pods and protects nothing.' });
      return out;
    }
    // An empty selector selects every pod of the namespace; one listing requirements, those it names.
    const empty = selectorIsEmpty(selector);
    const selected: readonly PodLabels[] = empty ? pods.inNamespace(pdb.namespace) : pods.selected(pdb.namespace, selector);
    if (selected.length === 0) {
      out.push({ id: 'dangling-poddisruptionbudget', path: ['spec', 'selector'], on: 'key', message: `This PodDisruptionBudget selects no pod template of namespace "${pdb.namespace}" in the workspace: it protects nothing.` });
      return out;
    }
    if (empty || (minAvailable === undefined && !percent) || (percent && Number(percent[1]) >= 100)) return out;
    const blocked: string[] = [];
    for (const pod of selected) {
      const replicas = pod.template ? this.replicas(pod.template) : undefined;
      if (replicas === undefined || replicas === 0) continue;
      const required = percent ? Math.ceil((replicas * Number(percent[1])) / 100) : minAvailable!;
      if (replicas <= required) blocked.push(`${pod.template!.entry.kind} "${pod.template!.entry.name}" (${replicas} replica${replicas === 1 ? '' : 's'})`);
    }
    if (blocked.length > 0) {
      const listed = blocked.slice(0, 3).join(', ') + (blocked.length > 3 ? ` and ${blocked.length - 3} more` : '');
      out.push({ id: 'pdb-min-available', path: ['spec', 'minAvailable'], on: 'value', message: `minAvailable ${shown(String(spec.minAvailable))} leaves no pod of ${listed} evictable: node drains and upgrades hang.` });
    }
    return out;
  }

  /** A workload's replicas: `spec.replicas` (1 when unset, then an HPA's minReplicas if one targets it); a Pod is one. */
  private replicas(template: PodTemplate): number | undefined {
    const { entry } = template;
    if (entry.kind === 'Pod') return 1;
    if (!REPLICATED.has(entry.kind)) return undefined;
    const raw = field(entry.value, 'spec', 'replicas');
    if (raw !== undefined && raw !== null) return asInteger(raw);
    return this.hpaMinimum(entry) ?? 1;
  }

  private hpaMinimum(entry: ManifestEntry): number | undefined {
    if (!this.minReplicas) {
      this.minReplicas = new Map();
      for (const hpa of this.index.ofKind('HorizontalPodAutoscaler')) {
        const ref = asObject(field(hpa.value, 'spec', 'scaleTargetRef'));
        const min = field(hpa.value, 'spec', 'minReplicas');
        this.minReplicas.set(`${hpa.namespace}/${asString(ref?.kind)}/${asString(ref?.name)}`, min === undefined || min === null ? 1 : (asInteger(min) ?? 1));
      }
    }
    return this.minReplicas.get(`${entry.namespace}/${entry.kind}/${entry.name}`);
  }
}

/**
 * A ServiceAccount is looked for only in a namespace whose accounts the workspace manages: one it
 * creates (a Namespace object) or one where it defines at least one ServiceAccount. Elsewhere the
 * accounts come from the cluster or another repository, and a missing one proves nothing.
 */
class ServiceAccounts {
  private readonly accounts = new Set<string>();
  private readonly managed = new Set<string>();

  constructor(index: WorkspaceIndex) {
    for (const account of index.ofKind('ServiceAccount')) {
      if (account.apiVersion !== 'v1') continue;
      this.accounts.add(`${account.namespace}/${account.name}`);
      this.managed.add(account.namespace);
    }
    for (const namespace of index.ofKind('Namespace')) if (namespace.apiVersion === 'v1') this.managed.add(namespace.name);
  }

  findings(template: PodTemplate): Finding[] {
    const spec = template.spec as Obj | undefined;
    if (!spec) return [];
    const key = asString(spec.serviceAccountName) ? 'serviceAccountName' : 'serviceAccount';
    const account = asString(spec[key]);
    const namespace = template.entry.namespace;
    if (!account || account === 'default' || !this.managed.has(namespace) || this.accounts.has(`${namespace}/${account}`)) return [];
    return [
      {
        id: 'non-existent-service-account',
        path: [...template.path, 'spec', key],
        on: 'value',
        message: `ServiceAccount ${shown(account)} is not defined in namespace "${namespace}", whose ServiceAccounts the workspace defines: the pod is refused until it exists.`,
      },
    ];
  }
}
