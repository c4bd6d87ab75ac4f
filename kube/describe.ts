/**
 * `kubectl describe`-like summaries as Markdown: the object (metadata, a per-kind summary of spec
 * and status), its conditions, its owner chain (Pod → ReplicaSet → Deployment) and the recent
 * events about it; and the events of an object or a namespace. Secret values are never shown
 * unless asked (`reveal`: one key, or every key): each `data` value appears as
 * `<masked: N bytes>` (secrets.ts), and so does kubectl's last-applied-configuration annotation
 * on a Secret, which holds the data too.
 * The formatting functions are pure; `describeObject` and `listEvents` do the requests.
 */
import { err, ok, type Result } from '../platform/result';
import type { KubeClient } from './client';
import { kubeError, type KubeError } from './errors';
import { objectPath, resourceFor, type KubeObject, type ResourceInfo } from './resources';
import { base64Bytes, maskedValue, maskSecrets } from './secrets';
import { rolloutState } from './workloads';

/**
 * Which Secret values to show: none (false, the default), one key, or every key (true: what
 * `berth describe --reveal` asks for).
 */
export type Reveal = boolean | string;

function reveals(reveal: Reveal, key: string): boolean {
  return reveal === true || reveal === key;
}

interface Signal {
  readonly signal?: AbortSignal;
}

// ---------- kinds ----------

interface KnownKind extends ResourceInfo {
  readonly names: readonly string[];
}

const KNOWN: readonly KnownKind[] = [
  { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, names: ['pod', 'po'] },
  { apiVersion: 'v1', kind: 'Service', plural: 'services', namespaced: true, names: ['service', 'svc'] },
  { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, names: ['configmap', 'cm'] },
  { apiVersion: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true, names: ['secret'] },
  { apiVersion: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true, names: ['serviceaccount', 'sa'] },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true, names: ['persistentvolumeclaim', 'pvc'] },
  { apiVersion: 'v1', kind: 'Endpoints', plural: 'endpoints', namespaced: true, names: ['endpoints', 'ep'] },
  { apiVersion: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, names: ['namespace', 'ns'] },
  { apiVersion: 'v1', kind: 'Node', plural: 'nodes', namespaced: false, names: ['node', 'no'] },
  { apiVersion: 'v1', kind: 'PersistentVolume', plural: 'persistentvolumes', namespaced: false, names: ['persistentvolume', 'pv'] },
  { apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments', namespaced: true, names: ['deployment', 'deploy'] },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', plural: 'replicasets', namespaced: true, names: ['replicaset', 'rs'] },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true, names: ['statefulset', 'sts'] },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true, names: ['daemonset', 'ds'] },
  { apiVersion: 'batch/v1', kind: 'Job', plural: 'jobs', namespaced: true, names: ['job'] },
  { apiVersion: 'batch/v1', kind: 'CronJob', plural: 'cronjobs', namespaced: true, names: ['cronjob', 'cj'] },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', plural: 'ingresses', namespaced: true, names: ['ingress', 'ing'] },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', namespaced: true, names: ['horizontalpodautoscaler', 'hpa'] },
];

export interface ObjectRef {
  /** As typed: "deploy", "deployments", "Deployment", "deployment.apps", "widgets.example.com". */
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** "deployment/web" or "pod/web-1" (a bare name is refused: describe needs a kind). */
export function parseObjectRef(text: string, namespace?: string): Result<ObjectRef, KubeError> {
  const slash = text.indexOf('/');
  const kind = text.slice(0, slash);
  const name = text.slice(slash + 1);
  if (slash <= 0 || !name || name.includes('/')) return err(kubeError('invalid', `"${text}" is not <kind>/<name> (for example deployment/web, pod/web-1, secret/db).`));
  return ok({ kind, name, ...(namespace ? { namespace } : {}) });
}

/** The well-known kind a name, plural or short name means (pure), ignoring a matching group suffix. */
export function knownKind(text: string): ResourceInfo | undefined {
  const lower = text.toLowerCase();
  const [base, ...groupParts] = lower.split('.');
  const group = groupParts.join('.');
  for (const k of KNOWN) {
    const kGroup = k.apiVersion.includes('/') ? k.apiVersion.split('/')[0]! : '';
    if (group && group !== kGroup) continue;
    if (k.names.includes(base!) || k.plural === base || k.kind.toLowerCase() === base) {
      return { apiVersion: k.apiVersion, kind: k.kind, plural: k.plural, namespaced: k.namespaced };
    }
  }
  return undefined;
}

interface DiscoveredResource {
  name: string;
  singularName?: string;
  shortNames?: string[];
  kind: string;
  namespaced: boolean;
}

/** The kind named `text`: a well-known one, else through API discovery (CRDs too). */
export async function resolveKind(client: KubeClient, text: string, options: Signal = {}): Promise<Result<ResourceInfo, KubeError>> {
  const known = knownKind(text);
  if (known) return ok(known);
  const lower = text.toLowerCase();
  const [base, ...groupParts] = lower.split('.');
  const group = groupParts.join('.');
  const groups = await client.request<{ groups?: { name: string; preferredVersion?: { groupVersion: string } }[] }>({
    method: 'GET',
    path: '/apis',
    operation: { verb: 'get', resource: 'API groups' },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!groups.ok) return groups;
  const candidates = ['v1', ...(groups.value.body.groups ?? []).filter((g) => !group || g.name === group).map((g) => g.preferredVersion?.groupVersion).filter((v): v is string => !!v)];
  for (const gv of candidates) {
    if (gv === 'v1' && group) continue;
    const list = await client.request<{ resources?: DiscoveredResource[] }>({
      method: 'GET',
      path: gv === 'v1' ? '/api/v1' : `/apis/${gv}`,
      operation: { verb: 'get', resource: `API group ${gv}` },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (!list.ok) continue;
    const found = list.value.body.resources?.find((r) => !r.name.includes('/') && (r.name === base || r.singularName === base || r.kind.toLowerCase() === base || r.shortNames?.includes(base!)));
    if (found) return ok({ apiVersion: gv, kind: found.kind, plural: found.name, namespaced: found.namespaced });
  }
  return err(kubeError('notFound', `The cluster (context "${client.context}") has no resource type "${text}".`));
}

// ---------- events ----------

export interface KubeEvent extends KubeObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string };
  series?: { count?: number; lastObservedTime?: string };
}

/** When an event last happened. */
export function eventTime(e: KubeEvent): string {
  return e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? (e.metadata.creationTimestamp as string | undefined) ?? '';
}

/** Oldest first (kubectl's order), at most the `limit` most recent. */
export function sortEvents(events: readonly KubeEvent[], limit?: number): KubeEvent[] {
  const sorted = [...events].sort((a, b) => Date.parse(eventTime(a) || '0') - Date.parse(eventTime(b) || '0'));
  return limit !== undefined && sorted.length > limit ? sorted.slice(sorted.length - limit) : sorted;
}

export interface EventQuery extends Signal {
  /** Events about this object (kind, name, and uid when known). */
  readonly object?: { kind: string; name: string; namespace?: string; uid?: string };
  /** Default: the object's namespace, else the client's. */
  readonly namespace?: string;
  /** All namespaces (ignores `namespace`). */
  readonly allNamespaces?: boolean;
  /** Default 50. */
  readonly limit?: number;
}

/** Events of an object or of a namespace, oldest first, the most recent `limit`. */
export async function listEvents(client: KubeClient, query: EventQuery = {}): Promise<Result<KubeEvent[], KubeError>> {
  const namespace = query.allNamespaces ? undefined : (query.object?.namespace ?? query.namespace ?? client.namespace);
  const selectors: string[] = [];
  if (query.object) {
    selectors.push(`involvedObject.kind=${query.object.kind}`, `involvedObject.name=${query.object.name}`);
    if (query.object.uid) selectors.push(`involvedObject.uid=${query.object.uid}`);
  }
  const path = namespace ? `/api/v1/namespaces/${encodeURIComponent(namespace)}/events` : '/api/v1/events';
  const r = await client.request<{ items: KubeEvent[] }>({
    method: 'GET',
    path,
    ...(selectors.length > 0 ? { query: { fieldSelector: selectors.join(',') } } : {}),
    operation: { verb: 'list', resource: 'events', ...(namespace ? { namespace } : {}) },
    ...(query.signal ? { signal: query.signal } : {}),
  });
  return r.ok ? ok(sortEvents(r.value.body.items, query.limit ?? 50)) : r;
}

/** "42s", "5m", "3h", "2d". */
export function age(from: string | undefined, now: Date): string {
  if (!from) return '?';
  const seconds = Math.max(0, Math.floor((now.getTime() - Date.parse(from)) / 1000));
  if (Number.isNaN(seconds)) return '?';
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 120 * 60) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 48 * 3600) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

function cell(text: unknown): string {
  return String(text ?? '').replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim() || '-';
}

function table(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

/** Events as a Markdown table (Type, Reason, Age, From, Message), oldest first. */
export function formatEvents(events: readonly KubeEvent[], options: { now?: Date; withObject?: boolean } = {}): string {
  if (events.length === 0) return '_No events._';
  const now = options.now ?? new Date();
  const header = ['Type', 'Reason', 'Age', ...(options.withObject ? ['Object'] : []), 'From', 'Message'];
  return table(
    header,
    events.map((e) => {
      const count = e.series?.count ?? e.count ?? 1;
      const when = `${age(eventTime(e), now)}${count > 1 ? ` (x${count})` : ''}`;
      const object = `${(e.involvedObject?.kind ?? '?').toLowerCase()}/${e.involvedObject?.name ?? '?'}`;
      return [e.type ?? '', e.reason ?? '', when, ...(options.withObject ? [object] : []), e.source?.component ?? e.reportingComponent ?? '', e.message ?? ''];
    }),
  );
}

// ---------- secrets ----------

/**
 * A Secret's `data` for display, sorted by key: each value `<masked: N bytes>`, or for a revealed
 * key its decoded text (binary values stay masked, with a note). Pure.
 */
export function maskSecretData(data: Record<string, string> | undefined, reveal: Reveal = false): { key: string; value: string; bytes: number; revealed: boolean }[] {
  return Object.entries(data ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, encoded]) => {
      const bytes = base64Bytes(encoded);
      if (!reveals(reveal, key)) return { key, value: maskedValue(bytes), bytes, revealed: false };
      const text = Buffer.from(encoded, 'base64').toString('utf8');
      const printable = !text.includes('\uFFFD') && !/[\x00-\x08\x0E-\x1F]/.test(text);
      return printable ? { key, value: text, bytes, revealed: true } : { key, value: maskedValue(bytes, true), bytes, revealed: false };
    });
}

/** An object fit to show: Secret data and its last-applied copy masked, but for what `reveal` names. Pure. */
export function redactObject<T extends KubeObject>(object: T, reveal: Reveal = false): T {
  if (reveal === true) return object;
  return maskSecrets(object, typeof reveal === 'string' ? { reveal } : {});
}

// ---------- owners ----------

interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid?: string;
  controller?: boolean;
}

export interface OwnerLink {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Set when the owner could not be read (deleted, forbidden...). */
  readonly missing?: string;
}

function controllerOf(object: KubeObject): OwnerReference | undefined {
  const refs = (object.metadata.ownerReferences as OwnerReference[] | undefined) ?? [];
  return refs.find((r) => r.controller) ?? refs[0];
}

/** The chain of controllers above an object, nearest first (ReplicaSet, then Deployment). */
export async function ownerChain(client: KubeClient, object: KubeObject, options: Signal & { maxDepth?: number } = {}): Promise<Result<OwnerLink[], KubeError>> {
  const chain: OwnerLink[] = [];
  let current = object;
  for (let depth = 0; depth < (options.maxDepth ?? 5); depth++) {
    const ref = controllerOf(current);
    if (!ref) break;
    const info = await resourceFor(client, ref.apiVersion, ref.kind, options.signal);
    if (!info.ok) {
      chain.push({ apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, missing: info.error.message });
      break;
    }
    const got = await client.request<KubeObject>({
      method: 'GET',
      path: objectPath(info.value, object.metadata.namespace, ref.name),
      operation: { verb: 'get', resource: info.value.plural, ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}), name: ref.name },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (!got.ok) {
      if (got.error.kind === 'cancelled') return got;
      chain.push({ apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, missing: got.error.kind === 'notFound' ? 'deleted' : got.error.message });
      break;
    }
    chain.push({ apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name });
    current = got.value.body;
  }
  return ok(chain);
}

// ---------- the summary ----------

type Json = Record<string, unknown>;

function get(value: unknown, ...path: string[]): unknown {
  let v = value;
  for (const key of path) v = v && typeof v === 'object' ? (v as Json)[key] : undefined;
  return v;
}

function labelsText(map: Record<string, string> | undefined): string {
  const entries = Object.entries(map ?? {});
  return entries.length === 0 ? '<none>' : entries.map(([k, v]) => `\`${k}=${v}\``).join(', ');
}

function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

function selectorText(selector: unknown): string {
  const s = selector as { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | Record<string, string> | undefined;
  if (!s) return '<none>';
  if ('matchLabels' in s || 'matchExpressions' in s) {
    const m = s as { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
    const parts = [...Object.entries(m.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`), ...(m.matchExpressions ?? []).map((e) => `${e.key} ${e.operator} (${(e.values ?? []).join(',')})`)];
    return parts.length > 0 ? `\`${parts.join(',')}\`` : '<none>';
  }
  return labelsText(s as Record<string, string>);
}

function containersOf(template: unknown): string[] {
  const containers = (get(template, 'spec', 'containers') as { name: string; image?: string }[] | undefined) ?? [];
  return containers.map((c) => `\`${c.name}\`: ${c.image ?? '?'}`);
}

function kindSummary(object: KubeObject, reveal: Reveal): string[] {
  const o = object as Json;
  const out: string[] = [];
  const line = (key: string, value: unknown) => out.push(`- **${key}:** ${value}`);
  switch (object.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet':
    case 'DaemonSet': {
      const status = (o['status'] ?? {}) as Json;
      if (object.kind !== 'DaemonSet') {
        line('Replicas', `${get(o, 'spec', 'replicas') ?? 1} desired, ${status['updatedReplicas'] ?? 0} updated, ${status['readyReplicas'] ?? 0} ready, ${status['availableReplicas'] ?? 0} available`);
      } else {
        line('Pods', `${status['desiredNumberScheduled'] ?? 0} desired, ${status['numberReady'] ?? 0} ready, ${status['numberAvailable'] ?? 0} available`);
      }
      line('Selector', selectorText(get(o, 'spec', 'selector')));
      const strategy = get(o, 'spec', 'strategy', 'type') ?? get(o, 'spec', 'updateStrategy', 'type');
      if (strategy) line('Strategy', strategy);
      if (object.kind === 'Deployment' || object.kind === 'StatefulSet') line('Rollout', rolloutState(object.kind, object).message);
      if (object.kind === 'Deployment' && get(o, 'spec', 'paused')) line('Paused', 'yes');
      const revision = object.metadata.annotations?.['deployment.kubernetes.io/revision'];
      if (revision) line('Revision', revision);
      for (const c of containersOf(get(o, 'spec', 'template'))) line('Container', c);
      break;
    }
    case 'Pod': {
      line('Phase', get(o, 'status', 'phase') ?? 'Unknown');
      line('Node', get(o, 'spec', 'nodeName') ?? '<none>');
      line('IP', get(o, 'status', 'podIP') ?? '<none>');
      const statuses = (get(o, 'status', 'containerStatuses') as { name: string; ready?: boolean; restartCount?: number; state?: Json }[] | undefined) ?? [];
      for (const c of (get(o, 'spec', 'containers') as { name: string; image?: string }[] | undefined) ?? []) {
        const s = statuses.find((x) => x.name === c.name);
        const state = s?.state ? Object.keys(s.state)[0] : 'unknown';
        const reason = s?.state && state ? (get(s.state, state, 'reason') as string | undefined) : undefined;
        line('Container', `\`${c.name}\`: ${c.image ?? '?'}; ${state}${reason ? ` (${reason})` : ''}; ${s?.ready ? 'ready' : 'not ready'}; ${s?.restartCount ?? 0} restarts`);
      }
      break;
    }
    case 'Service': {
      line('Type', get(o, 'spec', 'type') ?? 'ClusterIP');
      line('Cluster IP', get(o, 'spec', 'clusterIP') ?? '<none>');
      line('Selector', labelsText(get(o, 'spec', 'selector') as Record<string, string> | undefined));
      const ports = (get(o, 'spec', 'ports') as { name?: string; port: number; targetPort?: unknown; protocol?: string }[] | undefined) ?? [];
      line('Ports', ports.length === 0 ? '<none>' : ports.map((p) => `${p.name ? `${p.name} ` : ''}${p.port}→${String(p.targetPort ?? p.port)}/${p.protocol ?? 'TCP'}`).join(', '));
      break;
    }
    case 'ConfigMap': {
      const data = (o['data'] ?? {}) as Record<string, string>;
      const binary = (o['binaryData'] ?? {}) as Record<string, string>;
      if (Object.keys(data).length + Object.keys(binary).length === 0) line('Data', '<none>');
      for (const [k, v] of Object.entries(data)) line(`\`${k}\``, `\`${clip(v, 120).replace(/`/g, "'")}\` (${Buffer.byteLength(v)} bytes)`);
      for (const [k, v] of Object.entries(binary)) line(`\`${k}\``, `binary, ${base64Bytes(v)} bytes`);
      break;
    }
    case 'Secret': {
      line('Type', o['type'] ?? 'Opaque');
      const entries = maskSecretData(o['data'] as Record<string, string> | undefined, reveal);
      if (entries.length === 0) line('Data', '<none>');
      for (const e of entries) line(`\`${e.key}\``, e.revealed ? `\`${clip(e.value, 500).replace(/`/g, "'")}\` (${e.bytes} bytes)` : e.value);
      if (entries.some((e) => !e.revealed)) out.push('', '_Values hidden; describe with reveal to show them._');
      break;
    }
    case 'Node': {
      const capacity = (get(o, 'status', 'capacity') ?? {}) as Record<string, string>;
      line('Capacity', Object.entries(capacity).map(([k, v]) => `${k}=${v}`).join(', ') || '<none>');
      const taints = (get(o, 'spec', 'taints') as { key: string; value?: string; effect: string }[] | undefined) ?? [];
      line('Taints', taints.length === 0 ? '<none>' : taints.map((t) => `\`${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}\``).join(', '));
      if (get(o, 'spec', 'unschedulable')) line('Unschedulable', 'yes (cordoned)');
      break;
    }
    default:
      break;
  }
  return out;
}

export interface DescribeParts {
  readonly owners?: readonly OwnerLink[];
  readonly events?: readonly KubeEvent[];
  /** Secret values to show: one key, or every key (true). Default none. */
  readonly reveal?: Reveal;
  readonly now?: Date;
}

/** The Markdown summary of an object (pure). */
export function formatDescribe(input: KubeObject, parts: DescribeParts = {}): string {
  const reveal = parts.reveal ?? false;
  const object = redactObject(input, reveal);
  const now = parts.now ?? new Date();
  const meta = object.metadata;
  const lines: string[] = [`# ${object.kind} ${meta.namespace ? `${meta.namespace}/` : ''}${meta.name ?? '?'}`, ''];
  lines.push(`- **API version:** ${object.apiVersion}`);
  if (meta.namespace) lines.push(`- **Namespace:** ${meta.namespace}`);
  const created = meta.creationTimestamp as string | undefined;
  if (created) lines.push(`- **Created:** ${created} (${age(created, now)} ago)`);
  if (meta.deletionTimestamp) lines.push(`- **Being deleted since:** ${String(meta.deletionTimestamp)}`);
  lines.push(`- **Labels:** ${labelsText(meta.labels)}`);
  const annotations = Object.entries(meta.annotations ?? {});
  lines.push(`- **Annotations:** ${annotations.length === 0 ? '<none>' : annotations.map(([k, v]) => `\`${k}=${clip(v, 120).replace(/`/g, "'")}\``).join(', ')}`);
  // From the object as read: the Secret summary masks (or reveals) the data itself.
  const summary = kindSummary(input, reveal);
  if (summary.length > 0) lines.push('', '## Summary', '', ...summary);

  const conditions = (get(object, 'status', 'conditions') as { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string; lastUpdateTime?: string }[] | undefined) ?? [];
  lines.push('', '## Conditions', '');
  lines.push(
    conditions.length === 0
      ? '_No conditions._'
      : table(['Type', 'Status', 'Reason', 'Message', 'Since'], conditions.map((c) => [c.type, c.status, c.reason ?? '', c.message ?? '', c.lastTransitionTime ? `${age(c.lastTransitionTime, now)} ago` : ''])),
  );

  if (parts.owners !== undefined) {
    lines.push('', '## Owners', '');
    if (parts.owners.length === 0) lines.push('_None: nothing controls this object._');
    else {
      const chain = [`${object.kind}/${meta.name ?? '?'}`, ...parts.owners.map((o) => `${o.kind}/${o.name}${o.missing ? ` (${o.missing})` : ''}`)];
      lines.push(chain.join(' → '));
    }
  }
  if (parts.events !== undefined) {
    lines.push('', '## Events', '', formatEvents(parts.events, { now }));
  }
  return lines.join('\n') + '\n';
}

export interface Description {
  readonly markdown: string;
  /** The object as shown (Secret data masked unless reveal). */
  readonly object: KubeObject;
  readonly owners: readonly OwnerLink[];
  readonly events: readonly KubeEvent[];
}

/** Reads the object, its owners and its recent events, and formats them. */
export async function describeObject(
  client: KubeClient,
  ref: ObjectRef,
  options: Signal & { reveal?: Reveal; eventLimit?: number; now?: Date } = {},
): Promise<Result<Description, KubeError>> {
  const info = await resolveKind(client, ref.kind, options);
  if (!info.ok) return info;
  const namespace = info.value.namespaced ? (ref.namespace ?? client.namespace) : undefined;
  const got = await client.request<KubeObject>({
    method: 'GET',
    path: objectPath(info.value, namespace, ref.name),
    operation: { verb: 'get', resource: info.value.plural, ...(namespace ? { namespace } : {}), name: ref.name },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!got.ok) return got;
  const object = { ...got.value.body, apiVersion: got.value.body.apiVersion ?? info.value.apiVersion, kind: got.value.body.kind ?? info.value.kind };
  const owners = await ownerChain(client, object, options);
  if (!owners.ok) return owners;
  const events = await listEvents(client, {
    object: { kind: object.kind, name: ref.name, ...(namespace ? { namespace } : {}), ...(object.metadata.uid ? { uid: object.metadata.uid } : {}) },
    ...(namespace ? {} : { allNamespaces: true }),
    limit: options.eventLimit ?? 20,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!events.ok) return events;
  const reveal = options.reveal ?? false;
  const markdown = formatDescribe(object, { owners: owners.value, events: events.value, reveal, ...(options.now ? { now: options.now } : {}) });
  return ok({ markdown, object: redactObject(object, reveal), owners: owners.value, events: events.value });
}
