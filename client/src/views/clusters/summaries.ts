/**
 * What a tree row says about a live object at a glance: a short description, a health that picks
 * the icon colour, and a tooltip line. Pure (no `vscode`), so the rules are unit-tested.
 */
import { maskSecretData } from '../../../../kube/masking';
import type { KubeObject } from '../../../../kube/registry';

export type Health = 'ok' | 'progress' | 'warning' | 'error' | 'idle';

export interface Summary {
  readonly description: string;
  readonly health: Health;
  /** More detail for the tooltip, when there is any. */
  readonly detail?: string;
}

type Loose = Record<string, unknown>;

function get(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) current = current !== null && typeof current === 'object' ? (current as Loose)[key as string] : undefined;
  return current;
}

function num(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function list(value: unknown): Loose[] {
  return Array.isArray(value) ? value.filter((v): v is Loose => v !== null && typeof v === 'object') : [];
}

function condition(object: unknown, type: string): Loose | undefined {
  return list(get(object, 'status', 'conditions')).find((c) => c['type'] === type);
}

/** Deployments and StatefulSets: ready/desired, and whether a rollout is still going on. */
function replicated(object: KubeObject): Summary {
  const desired = num(get(object, 'spec', 'replicas'), 1);
  const ready = num(get(object, 'status', 'readyReplicas'));
  const updated = num(get(object, 'status', 'updatedReplicas'), ready);
  const stuck = condition(object, 'Progressing')?.['reason'] === 'ProgressDeadlineExceeded';
  const description = `${ready}/${desired} ready${updated < desired && !stuck ? ` · ${updated} updated` : ''}`;
  if (stuck) return { description: `${description} · rollout stuck`, health: 'error', detail: str(condition(object, 'Progressing')?.['message']) ?? 'ProgressDeadlineExceeded' };
  if (desired === 0) return { description: 'scaled to 0', health: 'idle' };
  return { description, health: ready >= desired && updated >= desired ? 'ok' : 'progress' };
}

/** `kind` is given, not read from the object: items of a list response carry no kind of their own. */
export function workloadSummary(object: KubeObject, kind: string): Summary {
  switch (kind) {
    case 'Deployment':
    case 'StatefulSet':
      return replicated(object);
    case 'DaemonSet': {
      const desired = num(get(object, 'status', 'desiredNumberScheduled'));
      const ready = num(get(object, 'status', 'numberReady'));
      return { description: `${ready}/${desired} ready`, health: desired === 0 ? 'idle' : ready >= desired ? 'ok' : 'progress' };
    }
    case 'Job': {
      const completions = num(get(object, 'spec', 'completions'), 1);
      const succeeded = num(get(object, 'status', 'succeeded'));
      const failed = num(get(object, 'status', 'failed'));
      const active = num(get(object, 'status', 'active'));
      if (condition(object, 'Failed')?.['status'] === 'True') return { description: `failed · ${succeeded}/${completions}`, health: 'error', detail: str(condition(object, 'Failed')?.['message']) };
      if (condition(object, 'Complete')?.['status'] === 'True') return { description: `complete · ${succeeded}/${completions}`, health: 'idle' };
      return { description: `${succeeded}/${completions} done${active ? ` · ${active} running` : ''}${failed ? ` · ${failed} failed` : ''}`, health: failed ? 'warning' : 'progress' };
    }
    case 'CronJob': {
      const schedule = str(get(object, 'spec', 'schedule')) ?? '?';
      const active = list(get(object, 'status', 'active')).length;
      if (get(object, 'spec', 'suspend') === true) return { description: `${schedule} · suspended`, health: 'idle' };
      return { description: `${schedule}${active ? ` · ${active} active` : ''}`, health: active ? 'progress' : 'ok' };
    }
    default:
      return { description: '', health: 'ok' };
  }
}

const FAILING_REASONS = new Set(['CrashLoopBackOff', 'ErrImagePull', 'ImagePullBackOff', 'CreateContainerConfigError', 'CreateContainerError', 'InvalidImageName', 'RunContainerError', 'OOMKilled', 'Error']);

function containerStatuses(pod: KubeObject): Loose[] {
  return [...list(get(pod, 'status', 'initContainerStatuses')), ...list(get(pod, 'status', 'containerStatuses'))];
}

/** Restarts of all the pod's containers. */
export function podRestarts(pod: KubeObject): number {
  return containerStatuses(pod).reduce((sum, s) => sum + num(s['restartCount']), 0);
}

/** Phase (or the reason a container is stuck, as kubectl's STATUS column), readiness and restarts. */
export function podSummary(pod: KubeObject): Summary {
  const phase = str(get(pod, 'status', 'phase')) ?? 'Unknown';
  const statuses = list(get(pod, 'status', 'containerStatuses'));
  const total = list(get(pod, 'spec', 'containers')).length || statuses.length;
  const ready = statuses.filter((s) => s['ready'] === true).length;
  const restarts = podRestarts(pod);
  const stuck = containerStatuses(pod)
    .map((s) => str(get(s, 'state', 'waiting', 'reason')) ?? str(get(s, 'state', 'terminated', 'reason')))
    .find((reason) => reason !== undefined && FAILING_REASONS.has(reason));
  const terminating = typeof get(pod, 'metadata', 'deletionTimestamp') === 'string';
  const status = terminating ? 'Terminating' : (stuck ?? phase);
  const parts = [status];
  if (phase === 'Running' || phase === 'Pending') parts.push(`${ready}/${total} ready`);
  if (restarts > 0) parts.push(`${restarts} restart${restarts === 1 ? '' : 's'}`);
  const description = parts.join(' · ');
  const message = str(get(pod, 'status', 'message')) ?? str(get(pod, 'status', 'reason'));
  let health: Health;
  if (terminating) health = 'idle';
  else if (stuck || phase === 'Failed') health = 'error';
  else if (phase === 'Succeeded') health = 'idle';
  else if (phase === 'Pending') health = 'progress';
  else if (phase === 'Running') health = ready >= total ? (restarts > 0 ? 'warning' : 'ok') : 'warning';
  else health = 'warning';
  return message ? { description, health, detail: message } : { description, health };
}

/** A container of a pod: running / waiting (why) / terminated (why), readiness and restarts. */
export function containerSummary(pod: KubeObject, container: string): Summary {
  const status = containerStatuses(pod).find((s) => s['name'] === container);
  const image = str(list(get(pod, 'spec', 'containers')).concat(list(get(pod, 'spec', 'initContainers'))).find((c) => c['name'] === container)?.['image']);
  if (!status) return { description: image ?? 'no status yet', health: 'progress' };
  const restarts = num(status['restartCount']);
  const suffix = `${restarts > 0 ? ` · ${restarts} restart${restarts === 1 ? '' : 's'}` : ''}${image ? ` · ${image}` : ''}`;
  const waiting = str(get(status, 'state', 'waiting', 'reason'));
  const terminated = get(status, 'state', 'terminated');
  if (get(status, 'state', 'running') !== undefined) {
    const ready = status['ready'] === true;
    return { description: `running${ready ? '' : ' · not ready'}${suffix}`, health: ready ? (restarts > 0 ? 'warning' : 'ok') : 'warning' };
  }
  if (waiting) return { description: `waiting: ${waiting}${suffix}`, health: FAILING_REASONS.has(waiting) ? 'error' : 'progress', ...(str(get(status, 'state', 'waiting', 'message')) ? { detail: str(get(status, 'state', 'waiting', 'message'))! } : {}) };
  if (terminated !== undefined) {
    const code = num(get(terminated, 'exitCode'));
    return { description: `terminated: ${str(get(terminated, 'reason')) ?? `exit ${code}`}${suffix}`, health: code === 0 ? 'idle' : 'error' };
  }
  return { description: `unknown${suffix}`, health: 'warning' };
}

const BINARY_UNITS: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50 };
const DECIMAL_UNITS: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, m: 1e-3 };

/** A Kubernetes quantity ("8Gi", "8053040Ki", "500m", "2") as a number; NaN when unreadable. */
export function parseQuantity(text: unknown): number {
  if (typeof text === 'number') return text;
  if (typeof text !== 'string') return NaN;
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(text.trim());
  if (!m) return NaN;
  const value = Number(m[1]);
  const unit = m[2] ?? '';
  if (unit === '') return value;
  const factor = BINARY_UNITS[unit] ?? DECIMAL_UNITS[unit];
  return factor === undefined ? NaN : value * factor;
}

/** Bytes as the nearest readable binary unit: "8Gi", "7.7Gi", "512Mi". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '?';
  for (const unit of ['Ti', 'Gi', 'Mi', 'Ki'] as const) {
    const size = BINARY_UNITS[unit]!;
    if (bytes >= size) {
      const value = bytes / size;
      return `${Number.isInteger(value) ? value : value.toFixed(1)}${unit}`;
    }
  }
  return `${bytes}B`;
}

function formatCpu(cores: number): string {
  if (!Number.isFinite(cores)) return '?';
  return Number.isInteger(cores) ? String(cores) : `${Math.round(cores * 1000)}m`;
}

export function nodeReady(node: KubeObject): boolean {
  return condition(node, 'Ready')?.['status'] === 'True';
}

export function nodeCapacity(node: KubeObject): { cpu: number; memory: number } {
  return { cpu: parseQuantity(get(node, 'status', 'capacity', 'cpu')), memory: parseQuantity(get(node, 'status', 'capacity', 'memory')) };
}

export function nodeSummary(node: KubeObject): Summary {
  const ready = nodeReady(node);
  const cordoned = get(node, 'spec', 'unschedulable') === true;
  const { cpu, memory } = nodeCapacity(node);
  const type = node.metadata.labels?.['node.kubernetes.io/instance-type'];
  const parts = [ready ? 'Ready' : 'NotReady', ...(cordoned ? ['SchedulingDisabled'] : []), `${formatCpu(cpu)} CPU`, formatBytes(memory), ...(type ? [type] : [])];
  return { description: parts.join(' · '), health: !ready ? 'error' : cordoned ? 'warning' : 'ok' };
}

/** A pool: how many of its nodes are Ready, and the capacity they add up to. */
export function poolSummary(nodes: readonly KubeObject[]): Summary {
  const ready = nodes.filter(nodeReady).length;
  const total = nodes.reduce((sum, n) => {
    const c = nodeCapacity(n);
    return { cpu: sum.cpu + (Number.isFinite(c.cpu) ? c.cpu : 0), memory: sum.memory + (Number.isFinite(c.memory) ? c.memory : 0) };
  }, { cpu: 0, memory: 0 });
  const description = `${ready}/${nodes.length} Ready · ${formatCpu(total.cpu)} CPU · ${formatBytes(total.memory)}`;
  return { description, health: nodes.length === 0 ? 'idle' : ready === nodes.length ? 'ok' : ready === 0 ? 'error' : 'warning' };
}

/** Nodes by the value of `label` (pools in name order); nodes without it are under "". */
export function groupByLabel(nodes: readonly KubeObject[], label: string): Map<string, KubeObject[]> {
  const groups = new Map<string, KubeObject[]>();
  for (const node of nodes) {
    const key = node.metadata.labels?.[label] ?? '';
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(node);
  }
  for (const group of groups.values()) group.sort((a, b) => byName(a, b));
  return new Map([...groups].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b))));
}

/**
 * localeCompare with options builds a collator on every call: sorting 3,000 namespaces that way
 * blocked the extension host for over 100 ms. One collator, the same order.
 */
const nameCollator = new Intl.Collator(undefined, { numeric: true });

export function byName(a: KubeObject, b: KubeObject): number {
  return nameCollator.compare(a.metadata.name ?? '', b.metadata.name ?? '');
}

export function serviceSummary(service: KubeObject): Summary {
  const type = str(get(service, 'spec', 'type')) ?? 'ClusterIP';
  const ip = str(get(service, 'spec', 'clusterIP'));
  const ports = list(get(service, 'spec', 'ports')).map((p) => `${num(p['port'])}${p['nodePort'] ? `:${num(p['nodePort'])}` : ''}/${str(p['protocol']) ?? 'TCP'}`);
  return { description: [type, ...(ip && ip !== 'None' ? [ip] : []), ...ports].join(' · '), health: 'ok' };
}

export function ingressSummary(ingress: KubeObject): Summary {
  const hosts = list(get(ingress, 'spec', 'rules')).map((r) => str(r['host']) ?? '*');
  return { description: hosts.join(', ') || '*', health: 'ok' };
}

export function pvcSummary(pvc: KubeObject): Summary {
  const phase = str(get(pvc, 'status', 'phase')) ?? 'Pending';
  const size = str(get(pvc, 'status', 'capacity', 'storage')) ?? str(get(pvc, 'spec', 'resources', 'requests', 'storage'));
  return { description: [phase, ...(size ? [size] : [])].join(' · '), health: phase === 'Bound' ? 'ok' : phase === 'Lost' ? 'error' : 'progress' };
}

export function eventSummary(event: KubeObject): Summary {
  const type = str(get(event, 'type')) ?? 'Normal';
  const reason = str(get(event, 'reason')) ?? '';
  const count = num(get(event, 'count'), 1);
  const object = `${str(get(event, 'involvedObject', 'kind')) ?? ''}/${str(get(event, 'involvedObject', 'name')) ?? ''}`;
  const message = str(get(event, 'message')) ?? '';
  return { description: `${object}${count > 1 ? ` ×${count}` : ''} · ${message}`, health: type === 'Warning' ? 'warning' : 'ok', detail: `${type} ${reason}: ${message}` };
}

/** When an event last happened, for sorting newest first. */
export function eventTime(event: KubeObject): number {
  const when = str(get(event, 'lastTimestamp')) ?? str(get(event, 'eventTime')) ?? str(get(event, 'metadata', 'creationTimestamp'));
  const t = when ? Date.parse(when) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

/**
 * The keys of a Secret or ConfigMap (`kind` given: list items carry none, and a Secret read as a
 * ConfigMap would show its values). A Secret's values are shown only when `reveal` is on (decoded,
 * or as a byte count when binary); otherwise only their size, never their content.
 */
export function dataKeys(object: KubeObject, kind: 'Secret' | 'ConfigMap', reveal: boolean): { key: string; description: string }[] {
  const secret = kind === 'Secret';
  const data = (get(object, 'data') ?? {}) as Record<string, unknown>;
  const binary = (get(object, 'binaryData') ?? {}) as Record<string, unknown>;
  if (secret) {
    // Masked as everywhere else; a tree row says only the size of what it hides.
    return maskSecretData(data, reveal).map((e) => ({ key: e.key, description: e.revealed ? e.value.replace(/\s+/g, ' ').slice(0, 200) : `${e.bytes} bytes${reveal ? ' (binary)' : ''}` }));
  }
  const keys = [...new Set([...Object.keys(data), ...Object.keys(binary)])].sort();
  return keys.map((key) => {
    const raw = data[key] ?? binary[key];
    const text = typeof raw === 'string' ? raw : '';
    if (key in binary) return { key, description: `${Buffer.from(text, 'base64').length} bytes` };
    return { key, description: text.replace(/\s+/g, ' ').slice(0, 200) };
  });
}
