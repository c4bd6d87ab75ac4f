import { asArray, asObject, asString, field, type Obj } from '../rules/values';
import { formatNameList, NearbyNames } from '../validate/nearbyNames';
import type { CrossIssue } from './crossIssue';
import { evaluateRule, type CrossRule } from './crossRuleCache';
import { podReferences, podTemplate, SCALABLE_KINDS, type PodReference, type PodTemplate } from './podTemplates';
import { isPlatform, type ManifestEntry, type WorkspaceIndex } from './workspaceIndex';

/**
 * Cross-resource references between ordinary Kubernetes manifests (and what Applications render
 * to). Services and PodDisruptionBudgets against the pods they select are best-practice checks
 * (platform/policy/checks/workspaceChecks.ts).
 */
export function kubernetesReferenceIssues(index: WorkspaceIndex): CrossIssue[] {
  return evaluateRule(kubernetesReferenceRule(), index);
}

const TEMPLATE_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod'];

/** What references are resolved against: the workspace's names, read when first needed. */
class ReferenceContext {
  private workloadKeys: Set<string> | undefined;
  private readonly otherTargets = new Map<string, Set<string>>();
  private appKeys: Set<string> | undefined;
  private definedKeys: Set<string> | undefined;
  readonly candidates: CandidatesByNamespace;

  constructor(private readonly index: WorkspaceIndex) {
    this.candidates = new CandidatesByNamespace(index);
  }

  get workloads(): ReadonlySet<string> {
    if (!this.workloadKeys) {
      this.workloadKeys = new Set();
      for (const kind of SCALABLE_KINDS) for (const w of this.index.ofKind(kind)) this.workloadKeys.add(`${kind}/${w.namespace}/${w.name}`);
    }
    return this.workloadKeys;
  }

  isOtherTarget(kind: string, namespace: string, name: string): boolean {
    let names = this.otherTargets.get(kind);
    if (!names) this.otherTargets.set(kind, (names = new Set(this.index.ofKind(kind).map((w) => `${w.namespace}/${w.name}`))));
    return names.has(`${namespace}/${name}`);
  }

  get appNames(): ReadonlySet<string> {
    return (this.appKeys ??= new Set(this.index.platform('Application').map((a) => `${a.namespace}/${a.name}`)));
  }

  /** ConfigMaps, Secrets and claims by kind/namespace/name, with the claims StatefulSets create from volumeClaimTemplates. */
  get defined(): ReadonlySet<string> {
    if (!this.definedKeys) {
      const defined = new Set<string>();
      for (const kind of ['ConfigMap', 'Secret', 'PersistentVolumeClaim'] as const) {
        for (const entry of this.index.ofKind(kind)) defined.add(`${kind}/${entry.namespace}/${entry.name}`);
      }
      // StatefulSets create their claims from volumeClaimTemplates; Applications from their storage.
      for (const sts of this.index.ofKind('StatefulSet')) for (const name of claimNames(sts)) defined.add(`PersistentVolumeClaim/${sts.namespace}/${name}`);
      this.definedKeys = defined;
    }
    return this.definedKeys;
  }
}

/** The references as a rule whose findings are kept per document (see CrossRuleCache). */
export function kubernetesReferenceRule(): CrossRule<ReferenceContext> {
  return {
    // An HPA may target any kind, so every document's identity counts; a StatefulSet's claims too.
    footprint: (entry) => `${entry.apiVersion}|${entry.kind}|${entry.namespace}|${entry.name}${entry.kind === 'StatefulSet' ? `|${claimNames(entry).join('|')}` : ''}`,
    context: (index) => new ReferenceContext(index),
    shared: () => [],
    subjects: function* (index) {
      yield* index.ofKind('HorizontalPodAutoscaler');
      for (const kind of TEMPLATE_KINDS) yield* index.ofKind(kind);
    },
    issuesOf: (context, entry) => {
      if (entry.kind === 'HorizontalPodAutoscaler') return hpaTargetIssues(context, entry);
      const template = podTemplate(entry);
      return template ? podReferenceIssues(context, template) : [];
    },
  };
}

function claimNames(sts: ManifestEntry): string[] {
  const names: string[] = [];
  for (const template of asArray(field(sts.value, 'spec', 'volumeClaimTemplates'))) {
    const name = asString(field(template, 'metadata', 'name'));
    if (name) names.push(name);
  }
  return names;
}

function hpaTargetIssues(context: ReferenceContext, hpa: ManifestEntry): CrossIssue[] {
  const ref = asObject(field(hpa.value, 'spec', 'scaleTargetRef'));
  const kind = asString(ref?.kind);
  const name = asString(ref?.name);
  if (!kind || !name) return [];
  const found =
    context.workloads.has(`${kind}/${hpa.namespace}/${name}`) ||
    (!SCALABLE_KINDS.has(kind) && context.isOtherTarget(kind, hpa.namespace, name)) ||
    (kind === 'Deployment' && rendersDeployment(context.appNames, hpa.namespace, name));
  if (found) return [];
  const there = context.candidates.of(hpa.namespace);
  const listed = there.all.size > 0 ? ` Workloads there: ${formatNameList(there.all.listFor(`${kind} ${name}`))}.` : '';
  return [
    {
      entry: hpa,
      issue: {
        path: ['spec', 'scaleTargetRef', 'name'],
        on: 'value',
        severity: 'warning',
        code: 'hpa-target-missing',
        message: `scaleTargetRef names ${kind} "${name}", which is not defined in namespace "${hpa.namespace}" of the workspace.${listed}`,
        data: { replacements: there.ofKind(kind).replacementsFor(name) },
      },
    },
  ];
}

/** An Application "web" renders Deployment "web" (and "web-<track>" for canary and blue-green). */
function rendersDeployment(appNames: ReadonlySet<string>, namespace: string, name: string): boolean {
  if (appNames.has(`${namespace}/${name}`)) return true;
  for (let dash = name.indexOf('-'); dash !== -1; dash = name.indexOf('-', dash + 1)) {
    if (appNames.has(`${namespace}/${name.slice(0, dash)}`)) return true;
  }
  return false;
}

/** The workloads an HPA could have meant, grouped by namespace once, their name lists built when first asked for. */
class CandidatesByNamespace {
  private grouped: Map<string, ManifestEntry[]> | undefined;
  private readonly lists = new Map<string, NearbyNames>();

  constructor(private readonly index: WorkspaceIndex) {}

  of(namespace: string): { all: NearbyNames; ofKind: (kind: string) => NearbyNames } {
    if (!this.grouped) {
      this.grouped = new Map();
      for (const kind of SCALABLE_KINDS) {
        for (const w of this.index.ofKind(kind)) {
          let list = this.grouped.get(w.namespace);
          if (!list) this.grouped.set(w.namespace, (list = []));
          list.push(w);
        }
      }
    }
    const workloads = this.grouped.get(namespace) ?? [];
    return {
      all: this.list(`${namespace}\u0000`, () => workloads.map((w) => `${w.kind} ${w.name}`)),
      ofKind: (kind) => this.list(`${namespace}\u0000${kind}`, () => workloads.filter((w) => w.kind === kind).map((w) => w.name)),
    };
  }

  private list(key: string, names: () => string[]): NearbyNames {
    let list = this.lists.get(key);
    if (!list) this.lists.set(key, (list = new NearbyNames(names())));
    return list;
  }
}

function podReferenceIssues(context: ReferenceContext, template: PodTemplate): CrossIssue[] {
  if (!template.spec || isPlatform(template.entry, 'Application')) return [];
  const issues: CrossIssue[] = [];
  for (const ref of referencesOf(template.spec, template.path)) {
    if (context.defined.has(`${ref.kind}/${template.entry.namespace}/${ref.name}`)) continue;
    issues.push({
      entry: template.entry,
      issue: {
        path: ref.path,
        on: 'value',
        severity: 'warning',
        code: 'unresolved-reference',
        message: `${ref.kind} "${ref.name}" is not defined in namespace "${template.entry.namespace}" of the workspace; the pod will not start until it exists (or mark the reference optional).`,
      },
    });
  }
  return issues;
}

/** A pod spec's references, read once while its document is unchanged: the rules run again over every document after each edit. */
const specReferences = new WeakMap<Obj, readonly PodReference[]>();

function referencesOf(spec: Obj, templatePath: readonly string[]): readonly PodReference[] {
  let found = specReferences.get(spec);
  if (!found) specReferences.set(spec, (found = podReferences(spec, templatePath.length === 0 ? ['spec'] : [...templatePath, 'spec'])));
  return found;
}
