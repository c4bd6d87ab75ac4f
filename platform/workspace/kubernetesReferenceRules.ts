import { asArray, asObject, asString, field } from '../rules/values';
import type { RelatedLocation } from '../validate/issue';
import { formatNameList, NearbyNames } from '../validate/nearbyNames';
import type { CrossIssue } from './crossIssue';
import { podReferences, podTemplate, SCALABLE_KINDS, type PodTemplate } from './podTemplates';
import { isPlatform, nameLocation, type ManifestEntry, type WorkspaceIndex } from './workspaceIndex';

/** The labels an Application's rendered pods carry (see the renderer). */
const APP_NAME_LABEL = 'app.kubernetes.io/name';

/** Cross-resource checks between ordinary Kubernetes manifests (and what Applications render to). */
export function kubernetesReferenceIssues(index: WorkspaceIndex): CrossIssue[] {
  const templates: PodTemplate[] = [];
  for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod']) {
    for (const entry of index.ofKind(kind)) {
      const template = podTemplate(entry);
      if (template) templates.push(template);
    }
  }
  const apps = index.platform('Application');
  return [...serviceSelectorIssues(index, templates, apps), ...hpaTargetIssues(index, apps), ...podReferenceIssues(index, templates)];
}

/** Pod label sets by namespace and one label, so a selector is matched against a few candidates only. */
function labelIndex(templates: readonly PodTemplate[], apps: readonly ManifestEntry[]): Map<string, Readonly<Record<string, string>>[]> {
  const index = new Map<string, Readonly<Record<string, string>>[]>();
  const add = (namespace: string, labels: Readonly<Record<string, string>>): void => {
    for (const [key, value] of Object.entries(labels)) {
      const slot = `${namespace}\u0000${key}=${value}`;
      let list = index.get(slot);
      if (!list) index.set(slot, (list = []));
      list.push(labels);
    }
  };
  for (const template of templates) add(template.entry.namespace, template.labels);
  for (const app of apps) add(app.namespace, { [APP_NAME_LABEL]: app.name, 'app.kubernetes.io/managed-by': 'berth' });
  return index;
}

function serviceSelectorIssues(index: WorkspaceIndex, templates: readonly PodTemplate[], apps: readonly ManifestEntry[]): CrossIssue[] {
  const issues: CrossIssue[] = [];
  const podLabels = labelIndex(templates, apps);
  let byLabelKey: Map<string, PodTemplate[]> | undefined;
  for (const service of index.ofKind('Service')) {
    if (service.apiVersion !== 'v1' || asString(field(service.value, 'spec', 'type')) === 'ExternalName') continue;
    const selector = asObject(field(service.value, 'spec', 'selector'));
    if (!selector || Object.keys(selector).length === 0) continue;
    const wanted = Object.entries(selector).map(([k, v]) => [k, String(v)] as const);
    const matches = (labels: Readonly<Record<string, string>>): boolean => wanted.every(([k, v]) => labels[k] === v);
    const [firstKey, firstValue] = wanted[0]!;
    const selected = (podLabels.get(`${service.namespace}\u0000${firstKey}=${firstValue}`) ?? []).some(matches);
    if (selected) continue;
    const selectorText = wanted.map(([k, v]) => `${k}=${v}`).join(',');
    issues.push({
      entry: service,
      issue: {
        path: ['spec', 'selector'],
        on: 'key',
        severity: 'warning',
        code: 'service-selects-nothing',
        message: `Service "${service.name}" selects ${selectorText}, which matches no Deployment, StatefulSet or DaemonSet pod template in namespace "${service.namespace}" of the workspace.`,
        related: nearMisses((byLabelKey ??= templatesByLabelKey(templates)), service.namespace, wanted),
      },
    });
  }
  return issues;
}

/** Workloads sharing some of the selector's labels: the likely intended targets. */
function nearMisses(templatesByKey: Map<string, PodTemplate[]>, namespace: string, wanted: readonly (readonly [string, string])[]): RelatedLocation[] {
  const found = new Set<PodTemplate>();
  for (const [key] of wanted) {
    for (const template of templatesByKey.get(`${namespace}\u0000${key}`) ?? []) {
      if (found.size >= 3) break;
      found.add(template);
    }
  }
  return [...found].map((t) => ({ ...nameLocation(t.entry), message: `${t.entry.kind} "${t.entry.name}" has pod labels ${Object.entries(t.labels).map(([k, v]) => `${k}=${v}`).join(',')}` }));
}

/** Pod templates by namespace and label key, in workspace order: near misses are looked up, not searched for. */
function templatesByLabelKey(templates: readonly PodTemplate[]): Map<string, PodTemplate[]> {
  const byKey = new Map<string, PodTemplate[]>();
  for (const template of templates) {
    for (const key of Object.keys(template.labels)) {
      const slot = `${template.entry.namespace}\u0000${key}`;
      let list = byKey.get(slot);
      if (!list) byKey.set(slot, (list = []));
      list.push(template);
    }
  }
  return byKey;
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
    const base = template.path.length === 0 ? ['spec'] : [...template.path, 'spec'];
    for (const ref of podReferences(template.spec, base)) {
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
