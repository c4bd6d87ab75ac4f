/**
 * What a port-forward names, resolved to pods and a port on them: a pod (its port by number or
 * by a container port's name), a workload (its pods by selector), or a Service (its pods by
 * selector; the Service port, by number or name, leads to its targetPort, which may itself be a
 * name each pod resolves to a number). Only ready pods are forwarded to.
 */
import { err, ok, type Result } from '../../platform/result';
import type { KubeClient } from '../client';
import { kubeError, type KubeError } from '../errors';
import { selectorQuery } from '../labelSelector';
import { knownKind, objectPath, staticResource, type KubeObject } from '../registry';
import { POD_OWNER_KINDS, workloadPodSelector, type PodOwnerKind } from '../workloadPods';

export type ForwardKind = 'Pod' | 'Service' | PodOwnerKind;

export interface ForwardTarget {
  readonly kind: ForwardKind;
  readonly name: string;
  /** Default: the client's namespace. */
  readonly namespace?: string;
}

/** `[local:]remote`: local undefined means the same number as the remote one; 0 means any free port. */
export interface PortSpec {
  readonly local?: number;
  /** A port number, or a name (a container port's, or for a Service one of its ports'). */
  readonly remote: number | string;
}

export interface ForwardPod extends KubeObject {
  spec?: { containers?: { name: string; ports?: { name?: string; containerPort?: number; protocol?: string }[] }[] };
  status?: { phase?: string; conditions?: { type?: string; status?: string }[] };
}

const PORT_NAME = /^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/;

/** "web-1", "pod/web-1", "svc/web", "service/web", "deploy/web", "sts/db"... */
export function parseForwardTarget(text: string, namespace?: string): Result<ForwardTarget, KubeError> {
  const slash = text.indexOf('/');
  const kindText = slash < 0 ? 'pod' : text.slice(0, slash);
  const name = slash < 0 ? text : text.slice(slash + 1);
  const kind = knownKind(kindText)?.kind;
  const allowed = kind === 'Pod' || kind === 'Service' || (POD_OWNER_KINDS as readonly string[]).includes(kind ?? '');
  if (!name || name.includes('/') || !allowed) {
    return err(kubeError('invalid', `"${text}" cannot be forwarded to: use <pod>, pod/<name>, svc/<name>, or deployment, statefulset, daemonset, replicaset or job/<name>.`));
  }
  return ok({ kind: kind as ForwardKind, name, ...(namespace ? { namespace } : {}) });
}

function portNumber(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= 65_535 ? n : undefined;
}

/** kubectl's `[LOCAL:]REMOTE` (`8080:80`, `:80` and `0:80` pick a free local port, `80` both). */
export function parsePortSpec(text: string): Result<PortSpec, string> {
  const colon = text.indexOf(':');
  const localText = colon < 0 ? undefined : text.slice(0, colon);
  const remoteText = colon < 0 ? text : text.slice(colon + 1);
  const remoteNumber = portNumber(remoteText);
  // A port name (IANA_SVC_NAME) has a letter; all digits is a number, in range or not.
  if (remoteNumber === 0 || (remoteNumber === undefined && (!PORT_NAME.test(remoteText) || !/[a-z]/.test(remoteText)))) {
    return err(`"${remoteText}" is not a port: give a number from 1 to 65535 or a port name`);
  }
  const remote = remoteNumber ?? remoteText;
  if (localText === undefined) return ok({ remote });
  if (localText === '') return ok({ local: 0, remote });
  const local = portNumber(localText);
  if (local === undefined) return err(`"${localText}" is not a local port: give a number from 0 (any free port) to 65535`);
  return ok({ local, remote });
}

/** Running, Ready and not being deleted. */
export function isReadyPod(pod: ForwardPod): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  if (pod.status?.phase !== 'Running') return false;
  return (pod.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The first ready pod by name, leaving out `except`; undefined when none is ready. */
export function pickReadyPod(pods: readonly ForwardPod[], except?: string): ForwardPod | undefined {
  return pods
    .filter((p) => isReadyPod(p) && p.metadata.name !== except)
    .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))[0];
}

/** The number of the container port named `name` in `pod`. */
export function containerPortByName(pod: ForwardPod, name: string): number | undefined {
  for (const container of pod.spec?.containers ?? []) {
    for (const port of container.ports ?? []) if (port.name === name && typeof port.containerPort === 'number') return port.containerPort;
  }
  return undefined;
}

/** A target resolved: where its pods come from, and the port on each. */
export interface ResolvedForward {
  readonly namespace: string;
  /** The label selector of a Service's or workload's pods; undefined for a single pod. */
  readonly selector?: string;
  /** The single pod, when the target is one. */
  readonly podName?: string;
  /** The port number on `pod`; a name the pod does not define is an error. */
  portOn(pod: ForwardPod): Result<number, KubeError>;
  /** What the remote side is, for messages: `80`, `http`, `service port http`. */
  readonly remoteLabel: string;
  /** The local port when none was given: the number the user named, when it is one. */
  readonly defaultLocal?: number;
}

interface ServiceObject extends KubeObject {
  spec?: { selector?: Record<string, string>; ports?: { name?: string; port?: number; targetPort?: number | string; protocol?: string }[] };
}

function namedOn(pod: ForwardPod, name: string, what: string): Result<number, KubeError> {
  const port = containerPortByName(pod, name);
  return port === undefined
    ? err(kubeError('notFound', `Pod "${pod.metadata.name}" has no container port named "${name}" (${what}).`))
    : ok(port);
}

/** Resolves the target and the remote port as far as it can be without choosing a pod. */
export async function resolveForward(client: KubeClient, target: ForwardTarget, remote: number | string, options: { signal?: AbortSignal } = {}): Promise<Result<ResolvedForward, KubeError>> {
  const namespace = target.namespace ?? client.namespace;
  const signal = options.signal ? { signal: options.signal } : {};
  const direct = (selector: { selector: string } | { podName: string }): ResolvedForward => ({
    namespace,
    ...selector,
    portOn: (pod) => (typeof remote === 'number' ? ok(remote) : namedOn(pod, remote, `port "${remote}"`)),
    remoteLabel: String(remote),
    ...(typeof remote === 'number' ? { defaultLocal: remote } : {}),
  });
  if (target.kind === 'Pod') return ok(direct({ podName: target.name }));
  if (target.kind !== 'Service') {
    const selector = await workloadPodSelector(client, { kind: target.kind, name: target.name, namespace }, signal);
    return selector.ok ? ok(direct({ selector: selector.value })) : selector;
  }
  const info = staticResource('Service');
  const got = await client.request<ServiceObject>({
    method: 'GET',
    path: objectPath(info, namespace, target.name),
    operation: { verb: 'get', resource: info.plural, namespace, name: target.name },
    ...signal,
  });
  if (!got.ok) return got;
  const service = got.value.body;
  const selector = selectorQuery({ matchLabels: service.spec?.selector ?? {} });
  if (!selector) return err(kubeError('invalid', `Service "${target.name}" in namespace "${namespace}" has no selector, so no pods to forward to.`));
  const ports = (service.spec?.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP');
  const port = ports.find((p) => (typeof remote === 'number' ? p.port === remote : p.name === remote));
  if (!port || typeof port.port !== 'number') {
    const offered = ports.map((p) => (p.name ? `${p.name} (${p.port})` : String(p.port))).join(', ') || 'none';
    return err(kubeError('notFound', `Service "${target.name}" has no TCP port ${typeof remote === 'number' ? remote : `named "${remote}"`}; its ports: ${offered}.`));
  }
  const targetPort = port.targetPort ?? port.port;
  return ok({
    namespace,
    selector,
    portOn: (pod) => (typeof targetPort === 'number' ? ok(targetPort) : /^\d+$/.test(targetPort) ? ok(Number(targetPort)) : namedOn(pod, targetPort, `the targetPort of Service port ${port.name ?? port.port}`)),
    remoteLabel: `${port.name ?? port.port} (targetPort ${targetPort})`,
    defaultLocal: port.port,
  });
}

/** A port a user may forward to, as a picker offers it. */
export interface PortChoice {
  /** What to forward to: a Service port's name (else its number), a container port's number. */
  readonly remote: number | string;
  readonly label: string;
  readonly description: string;
  /** The number, as the default local port. */
  readonly number: number;
}

interface ContainerPorts {
  readonly name?: string;
  readonly ports?: readonly { readonly name?: string; readonly containerPort?: unknown; readonly protocol?: string }[];
}

function containerChoices(containers: readonly ContainerPorts[] | undefined): PortChoice[] {
  return (containers ?? []).flatMap((c) =>
    (c.ports ?? [])
      .filter((p) => typeof p.containerPort === 'number' && (p.protocol ?? 'TCP') === 'TCP')
      .map((p) => ({ remote: p.containerPort as number, label: `${p.containerPort}${p.name ? ` (${p.name})` : ''}`, description: `container ${c.name ?? '?'}`, number: p.containerPort as number })),
  );
}

/** The TCP ports of a Service, a pod or a workload's pod template. */
export function portChoices(object: KubeObject): PortChoice[] {
  const spec = (object as { spec?: Record<string, unknown> }).spec ?? {};
  if (object.kind === 'Service') {
    const ports = Array.isArray(spec['ports']) ? (spec['ports'] as { name?: string; port?: unknown; targetPort?: unknown; protocol?: string }[]) : [];
    return ports
      .filter((p) => typeof p.port === 'number' && (p.protocol ?? 'TCP') === 'TCP')
      .map((p) => ({ remote: p.name || (p.port as number), label: p.name ? `${p.name} (${p.port})` : String(p.port), description: `to targetPort ${String(p.targetPort ?? p.port)}`, number: p.port as number }));
  }
  if (object.kind === 'Pod') return containerChoices(spec['containers'] as ContainerPorts[] | undefined);
  const template = (spec['template'] as { spec?: { containers?: ContainerPorts[] } } | undefined)?.spec;
  return containerChoices(template?.containers);
}
