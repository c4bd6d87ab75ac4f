import { asArray, asObject, asString, field, type Obj } from '../rules/values';
import { formatNameList, NearbyNames } from '../validate/nearbyNames';
import type { CrossIssue } from './crossIssue';
import { podReferences, podTemplate, SCALABLE_KINDS, type PodReference, type PodTemplate } from './podTemplates';
import { isPlatform, type ManifestEntry, type WorkspaceIndex } from './workspaceIndex';

/**
 * Cross-resource references between ordinary Kubernetes manifests (and what Applications render
 * to). Services and PodDisruptionBudgets against the pods they select are best-practice checks
 * (platform/policy/checks/workspaceChecks.ts).
 */
export function kubernetesReferenceIssues(index: WorkspaceIndex): CrossIssue[] {
  const templates: PodTemplate[] = [];
  for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod']) {
    for (const entry of index.ofKind(kind)) {
      const template = podTemplate(entry);
      if (template) templates.push(template);
    }
  }
  const apps = index.platform('Application');
  return [...hpaTargetIssues(index, apps), ...podReferenceIssues(index, templates)];
}

function hpaTargetIssues(index: WorkspaceIndex, apps: readonly ManifestEntry[]): CrossIssue[] {
  const issues: CrossIssue[] = [];
  const hpas = index.ofKind('HorizontalPodAutoscaler');
  if (hpas.length === 0) return issues;
  const workloads = new Set<string>();
  for (const kind of SCALABLE_KINDS) for (const w of index.ofKind(kind)) workloads.add(`${kind}/${w.namespace}/${w.name}`);
  const otherTargets = new Map<string, Set<string>>();
  const isOtherTarget = (kind: string, namespace: string, name: string): boolean => {
    let names = otherTargets.get(kind);
    if (!names) otherTargets.set(kind, (names = new Set(index.ofKind(kind).map((w) => `${w.namespace}/${w.name}`))));
    return names.has(`${namespace}/${name}`);
  };
  const appNames = new Set(apps.map((a) => `${a.namespace}/${a.name}`));
  const candidates = new CandidatesByNamespace(index);
  for (const hpa of hpas) {
    const ref = asObject(field(hpa.value, 'spec', 'scaleTargetRef'));
    const kind = asString(ref?.kind);
    const name = asString(ref?.name);
    if (!kind || !name) continue;
    const found =
      workloads.has(`${kind}/${hpa.namespace}/${name}`) ||
      (!SCALABLE_KINDS.has(kind) && isOtherTarget(kind, hpa.namespace, name)) ||
      (kind === 'Deployment' && rendersDeployment(appNames, hpa.namespace, name));
    if (found) continue;
    const there = candidates.of(hpa.namespace);
    const listed = there.all.size > 0 ? ` Workloads there: ${formatNameList(there.all.listFor(`${kind} ${name}`))}.` : '';
    issues.push({
      entry: hpa,
      issue: {
        path: ['spec', 'scaleTargetRef', 'name'],
        on: 'value',
        severity: 'warning',
        code: 'hpa-target-missing',
        message: `scaleTargetRef names ${kind} "${name}", which is not defined in namespace "${hpa.namespace}" of the workspace.${listed}`,
        data: { replacements: there.ofKind(kind).replacementsFor(name) },
      },
    });
  }
  return issues;
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

function podReferenceIssues(index: WorkspaceIndex, templates: readonly PodTemplate[]): CrossIssue[] {
  const defined = new Set<string>();
  for (const kind of ['ConfigMap', 'Secret', 'PersistentVolumeClaim'] as const) {
    for (const entry of index.ofKind(kind)) defined.add(`${kind}/${entry.namespace}/${entry.name}`);
  }
  // StatefulSets create their claims from volumeClaimTemplates; Applications from their storage.
  for (const sts of index.ofKind('StatefulSet')) {
    for (const template of asArray(field(sts.value, 'spec', 'volumeClaimTemplates'))) {
      const name = asString(field(template, 'metadata', 'name'));
      if (name) defined.add(`PersistentVolumeClaim/${sts.namespace}/${name}`);
    }
  }
  const issues: CrossIssue[] = [];
  for (const template of templates) {
    if (!template.spec || isPlatform(template.entry, 'Application')) continue;
    for (const ref of referencesOf(template.spec, template.path)) {
      if (defined.has(`${ref.kind}/${template.entry.namespace}/${ref.name}`)) continue;
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
