/**
 * Pod Security over the workspace: every Pod and pod template (and the Deployments an Application
 * renders to) checked against the level of its namespace, read from the namespace's labels in the
 * workspace or in the connected cluster as the PodSecurity admission plugin reads them. What the
 * `enforce` level forbids is an error (the apiserver refuses the Pod, or the workload's pods);
 * what `warn` and `audit` forbid, and what Berth's own level forbids in a namespace without
 * labels, are warnings.
 */
import { PlatformIndex } from '../../render/model';
import { renderApplication } from '../../render/application';
import { asObject, field, type Obj } from '../../rules/values';
import type { RelatedLocation } from '../../validate/issue';
import type { CrossIssue } from '../../workspace/crossIssue';
import { evaluateRule, identityFootprint, type CrossRule } from '../../workspace/crossRuleCache';
import { podTemplate } from '../../workspace/podTemplates';
import { isPlatform, nameLocation, type ManifestEntry, type WorkspaceIndex } from '../../workspace/workspaceIndex';
import type { PathSegment } from '../../yaml/parseChunk';
import type { FieldFinding } from './control';
import { evaluatePod, type Violation } from './evaluate';
import { hasPolicyLabels, levelVersionText, policyFromLabels, type Level, type LevelVersion, type Mode } from './levels';
import { namespaceObjects, policyLabelsOf, type Labels } from './namespaceLabels';
import type { PodParts } from './pod';

export interface PodSecurityOptions {
  /** The level for a namespace without Pod Security labels, for this document; `off` checks nothing at all. */
  readonly defaultLevel: (entry: ManifestEntry) => Level | 'off';
  /** The Pod Security labels of the connected cluster's namespaces, by name. */
  readonly clusterNamespaces: ReadonlyMap<string, Labels>;
}

/** The setting that names the level for namespaces without labels, as users see it. */
export const POD_SECURITY_SETTING = 'berth.policy.podSecurity';

/** Kinds with a pod (or pod template) that the plugin checks, with the apiVersion they are served at. */
const POD_KINDS: Readonly<Record<string, string>> = {
  Pod: 'v1',
  ReplicationController: 'v1',
  PodTemplate: 'v1',
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
};

const ENFORCED = { severity: 'error', code: 'pod-security' } as const;
const WARNED = { severity: 'warning', code: 'pod-security' } as const;
const LABEL_INVALID = { severity: 'error', code: 'pod-security-label-invalid' } as const;

/** Where a namespace's labels were found. */
type NamespaceSource = { readonly from: 'workspace'; readonly entry: ManifestEntry; readonly labels: Labels } | { readonly from: 'cluster'; readonly labels: Labels };

/** One level to check a pod against, and how its verdict is reported. */
interface Check {
  readonly mode: Mode | 'default';
  readonly lv: LevelVersion;
}

export function podSecurityIssues(index: WorkspaceIndex, options: PodSecurityOptions): CrossIssue[] {
  return evaluateRule(podSecurityRule(options), index);
}

/** Where each namespace's labels come from: the workspace's Namespaces, else the connected cluster. */
interface NamespaceContext {
  readonly namespaces: ReadonlyMap<string, NamespaceSource & { from: 'workspace' }>;
  readonly sourceOf: (name: string) => NamespaceSource | undefined;
}

/** Kinds whose documents may define namespaces (a List may hold Namespaces). */
const NAMESPACE_KINDS = ['Namespace', 'List', 'NamespaceList'];

/** Pod Security as a rule whose findings are kept per document (see CrossRuleCache); `options` are read when the context is. */
export function podSecurityRule(options: PodSecurityOptions): CrossRule<NamespaceContext> {
  return {
    // Findings point at the Namespace that sets the level: any change to one is a new context.
    footprint: (entry) => (NAMESPACE_KINDS.includes(entry.kind) ? identityFootprint(entry) : undefined),
    context: (index) => {
      const namespaces = workspaceNamespaces(index);
      const clusterNamespaces = options.clusterNamespaces;
      const sourceOf = (name: string): NamespaceSource | undefined => {
        const inWorkspace = namespaces.get(name);
        if (inWorkspace) return inWorkspace;
        const labels = clusterNamespaces.get(name);
        return labels ? { from: 'cluster', labels } : undefined;
      };
      return { namespaces, sourceOf };
    },
    shared: ({ namespaces }) => labelIssues(namespaces),
    subjects: function* (index) {
      for (const kind of Object.keys(POD_KINDS)) yield* index.ofKind(kind);
      yield* index.platform('Application');
    },
    issuesOf: ({ sourceOf }, entry) => {
      if (Object.prototype.hasOwnProperty.call(POD_KINDS, entry.kind)) {
        const pod = podOf(entry);
        const source = sourceOf(entry.namespace);
        return pod ? podIssues(entry, pod, checksFor(source, options.defaultLevel(entry)), source) : [];
      }
      // Berth's own level is advice, and an Application has no securityContext to take it: only the
      // namespace's labels, which decide what the apiserver does with its pods, count.
      const source = sourceOf(entry.namespace);
      const checks = checksFor(source, options.defaultLevel(entry)).filter((check) => check.mode !== 'default');
      return checks.length > 0 ? applicationIssues(entry, checks, source) : [];
    },
  };
}

/** The workspace's Namespaces by name (the first of a name), with their Pod Security labels. */
function workspaceNamespaces(index: WorkspaceIndex): Map<string, NamespaceSource & { from: 'workspace' }> {
  const out = new Map<string, NamespaceSource & { from: 'workspace' }>();
  for (const kind of NAMESPACE_KINDS) {
    for (const entry of index.ofKind(kind)) {
      for (const { name, object } of namespaceObjects([entry.value])) if (!out.has(name)) out.set(name, { from: 'workspace', entry, labels: policyLabelsOf(object) });
    }
  }
  return out;
}

/** A Namespace with a Pod Security label the plugin cannot read is refused by the apiserver. */
function labelIssues(namespaces: ReadonlyMap<string, NamespaceSource & { from: 'workspace' }>): CrossIssue[] {
  const issues: CrossIssue[] = [];
  for (const { entry, labels } of namespaces.values()) {
    if (entry.kind !== 'Namespace') continue;
    for (const error of policyFromLabels(labels).errors) {
      issues.push({
        entry,
        issue: {
          ...LABEL_INVALID,
          path: ['metadata', 'labels', error.label],
          on: 'value',
          message: `${error.label} must be ${error.expected}, not "${error.value}": the apiserver refuses this Namespace.`,
        },
      });
    }
  }
  return issues;
}

/** What to check a namespace's pods against: its labels' enforce, warn and audit levels, or Berth's level when it has none. */
function checksFor(source: NamespaceSource | undefined, defaultLevel: Level | 'off'): Check[] {
  if (defaultLevel === 'off') return [];
  if (!source || !hasPolicyLabels(source.labels)) return defaultLevel === 'privileged' ? [] : [{ mode: 'default', lv: { level: defaultLevel, version: 'latest' } }];
  const { policy } = policyFromLabels(source.labels);
  return (['enforce', 'warn', 'audit'] as const).filter((mode) => policy[mode].level !== 'privileged').map((mode) => ({ mode, lv: policy[mode] }));
}

/** Where a document of a kind the plugin checks keeps its pod (the object with `metadata` and `spec`). */
export function podPath(entry: ManifestEntry): readonly string[] | undefined {
  if (!Object.prototype.hasOwnProperty.call(POD_KINDS, entry.kind) || POD_KINDS[entry.kind] !== entry.apiVersion) return undefined;
  return entry.kind === 'PodTemplate' ? ['template'] : podTemplate(entry)?.path;
}

/**
 * A document's pod, its Application's rendered pods and their verdicts are kept by the document's
 * data, which an unchanged document keeps wherever it moves: after an edit only the edited
 * document's pods are evaluated again, not every pod of the workspace.
 */
const pods = new WeakMap<Obj, PodParts | null>();
const renderedPods = new WeakMap<Obj, readonly { readonly deployment: string; readonly pod: PodParts }[]>();
const verdicts = new WeakMap<PodParts, Map<string, ReturnType<typeof evaluateChecks>>>();

function podOf(entry: ManifestEntry): PodParts | undefined {
  let pod = pods.get(entry.value);
  if (pod === undefined) {
    const path = podPath(entry);
    const parts = path && templateParts(entry.value, path);
    pod = (parts && entry.kind === 'Pod' ? { ...parts, isPod: true } : parts) ?? null;
    pods.set(entry.value, pod);
  }
  return pod ?? undefined;
}

function templateParts(root: Obj, path: readonly string[]): PodParts | undefined {
  const template = path.length === 0 ? root : asObject(field(root, ...path));
  const spec = asObject(template?.spec);
  if (!template || !spec) return undefined;
  return { metadata: asObject(template.metadata) ?? {}, spec, metadataPath: [...path, 'metadata'], specPath: [...path, 'spec'] };
}

function kubernetesMinor(entry: ManifestEntry): number {
  const minor = Number(entry.analysis.kubernetesVersion.split('.')[1]);
  return Number.isInteger(minor) ? minor : Number.MAX_SAFE_INTEGER;
}

/** The findings of each check, strongest first; a field blamed by a stronger check is not blamed again. */
function violationsByCheck(pod: PodParts, checks: readonly Check[], minor: number): readonly { check: Check; violation: Violation; finding: FieldFinding }[] {
  const key = `${minor}|${checks.map((check) => `${check.mode}:${levelVersionText(check.lv)}`).join(',')}`;
  let byChecks = verdicts.get(pod);
  if (!byChecks) verdicts.set(pod, (byChecks = new Map()));
  let found = byChecks.get(key);
  if (!found) byChecks.set(key, (found = evaluateChecks(pod, checks, minor)));
  return found;
}

function evaluateChecks(pod: PodParts, checks: readonly Check[], minor: number): { check: Check; violation: Violation; finding: FieldFinding }[] {
  const seen = new Set<string>();
  const out: { check: Check; violation: Violation; finding: FieldFinding }[] = [];
  for (const check of checks) {
    for (const violation of evaluatePod(check.lv, pod, minor)) {
      for (const finding of violation.findings) {
        const key = `${finding.on}:${finding.path.join('\u0000')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ check, violation, finding });
      }
    }
  }
  return out;
}

function podIssues(entry: ManifestEntry, pod: PodParts, checks: readonly Check[], source: NamespaceSource | undefined): CrossIssue[] {
  const subject = entry.kind === 'Pod' ? 'this Pod' : `the pods of this ${entry.kind}`;
  return violationsByCheck(pod, checks, kubernetesMinor(entry)).map(({ check, violation, finding }) => ({
    entry,
    issue: {
      ...(check.mode === 'enforce' ? ENFORCED : WARNED),
      ...anchored(entry.value, finding),
      message: `${policyPhrase(check, entry.namespace, source)}: ${finding.message} (control ${violation.control}; allowed: ${finding.allowed})${consequence(check.mode, subject)}`,
      data: { podSecurity: { control: violation.control, fixable: finding.fixable === true } },
      ...relatedOf(source, entry.namespace),
    },
  }));
}

/**
 * An Application renders Deployments without a securityContext: their findings sit on its
 * `spec.image` (where its containers come from), one per control.
 */
function applicationIssues(app: ManifestEntry, checks: readonly Check[], source: NamespaceSource | undefined): CrossIssue[] {
  const issues: CrossIssue[] = [];
  const seen = new Set<string>();
  for (const { deployment, pod } of applicationPods(app)) {
    for (const { check, violation, finding } of violationsByCheck(pod, checks, kubernetesMinor(app))) {
      if (seen.has(violation.control)) continue;
      seen.add(violation.control);
      issues.push({
        entry: app,
        issue: {
          ...(check.mode === 'enforce' ? ENFORCED : WARNED),
          path: ['spec', 'image'],
          on: 'key',
          message: `${policyPhrase(check, app.namespace, source)}: the Application renders Deployment "${deployment}", whose ${finding.message.replace(/^pod or /, '')} (control ${violation.control}; allowed: ${finding.allowed}); an Application sets no securityContext${consequence(check.mode, 'its pods')}`,
          data: { podSecurity: { control: violation.control, fixable: false } },
          ...relatedOf(source, app.namespace),
        },
      });
    }
  }
  return issues;
}

/** The pods of the Deployments an Application renders, with their Deployments' names. */
function applicationPods(app: ManifestEntry): readonly { readonly deployment: string; readonly pod: PodParts }[] {
  let found = renderedPods.get(app.value);
  if (!found) {
    const list: { deployment: string; pod: PodParts }[] = [];
    for (const object of renderApplication(app.value, new PlatformIndex([], []), app.namespace).objects) {
      if (object.kind !== 'Deployment') continue;
      const pod = templateParts(object, ['spec', 'template']);
      if (pod) list.push({ deployment: String(field(object, 'metadata', 'name')), pod });
    }
    renderedPods.set(app.value, (found = list));
  }
  return found;
}

/**
 * A finding about a field of a container that has no securityContext at all sits on the list
 * of containers (`containers:`), not on the container's first key: the field goes there.
 */
function anchored(value: Obj, finding: FieldFinding): { path: readonly PathSegment[]; on: 'key' | 'value' } {
  let current: unknown = value;
  let depth = 0;
  for (const segment of finding.path) {
    const next = typeof segment === 'number' ? (Array.isArray(current) ? current[segment] : undefined) : asObject(current)?.[segment];
    if (next === undefined || next === null) break;
    current = next;
    depth++;
  }
  if (depth < finding.path.length && depth >= 2 && typeof finding.path[depth - 1] === 'number') return { path: finding.path.slice(0, depth - 1), on: 'key' };
  return { path: finding.path, on: finding.on };
}

function policyPhrase(check: Check, namespace: string, source: NamespaceSource | undefined): string {
  const level = `Pod Security "${levelVersionText(check.lv)}"`;
  if (check.mode === 'default') {
    const why = source ? `namespace "${namespace}" has no pod-security labels` : `namespace "${namespace}" is neither in the workspace nor in the connected cluster`;
    return `${level} (${POD_SECURITY_SETTING}; ${why})`;
  }
  const where = source?.from === 'cluster' ? ` (labels of the connected cluster)` : '';
  return `${level} (${check.mode}) of namespace "${namespace}"${where}`;
}

function consequence(mode: Check['mode'], subject: string): string {
  switch (mode) {
    case 'enforce':
      return `: the apiserver refuses ${subject}.`;
    case 'warn':
      return ': the apiserver warns on apply.';
    case 'audit':
      return ': the apiserver records it in the audit log.';
    default:
      return '.';
  }
}

function relatedOf(source: NamespaceSource | undefined, namespace: string): { related?: RelatedLocation[] } {
  if (source?.from !== 'workspace') return {};
  const labels = Object.entries(source.labels).map(([k, v]) => `${k}=${v}`).join(', ');
  return { related: [{ ...nameLocation(source.entry), message: `namespace "${namespace}"${labels ? ` labels ${labels}` : ''}` }] };
}
