import { asArray, asInteger, asObject, asString, field, type Obj } from '../rules/values';
import { NODEPOOL_LABEL, stringMap } from './labels';
import { quantityText, taintsOf } from './model';

type Json = Record<string, unknown>;

/** The container an Application describes: image, command, env, ports, resources, probes, mounts. */
export function container(name: string, spec: Obj): Json {
  const out: Json = { name, image: asString(spec['image']) };
  const command = asArray(spec['command']).filter((word): word is string => typeof word === 'string');
  if (command.length > 0) out['command'] = command;
  const env = Object.entries(stringMap(spec['env'])).map(([key, value]) => ({ name: key, value }));
  if (env.length > 0) out['env'] = env;
  const ports = containerPorts(spec);
  if (ports.length > 0) out['ports'] = ports;
  const resources = resourceRequirements(spec);
  if (resources) out['resources'] = resources;
  const readiness = probe(field(spec, 'health', 'readiness'));
  if (readiness) out['readinessProbe'] = readiness;
  const liveness = probe(field(spec, 'health', 'liveness'));
  if (liveness) out['livenessProbe'] = liveness;
  const mounts = storageOf(spec).map((volume) => ({ name: volume.name, mountPath: volume.mountPath }));
  if (mounts.length > 0) out['volumeMounts'] = mounts;
  return out;
}

export interface AppPort {
  readonly name: string | undefined;
  readonly port: number;
  readonly protocol: string;
}

export function portsOf(spec: Obj): AppPort[] {
  const ports: AppPort[] = [];
  for (const entry of asArray(spec['ports'])) {
    const port = asInteger(field(entry, 'port'));
    if (port === undefined) continue;
    ports.push({ name: asString(field(entry, 'name')), port, protocol: asString(field(entry, 'protocol')) ?? 'TCP' });
  }
  return ports;
}

function containerPorts(spec: Obj): Json[] {
  return portsOf(spec).map((p) => ({ ...(p.name ? { name: p.name } : {}), containerPort: p.port, protocol: p.protocol }));
}

/** requests = `resources`; limits = `limits` when given, else the same as `resources`. */
export function resourceRequirements(spec: Obj): Json | undefined {
  const requests = resourceList(spec['resources']);
  const limits = resourceList(spec['limits']) ?? requests;
  if (!requests && !limits) return undefined;
  return { ...(limits ? { limits } : {}), ...(requests ? { requests } : {}) };
}

function resourceList(value: unknown): Record<string, string> | undefined {
  const list: Record<string, string> = {};
  for (const key of ['cpu', 'memory']) {
    const amount = quantityText(asObject(value)?.[key]);
    if (amount !== undefined) list[key] = amount;
  }
  return Object.keys(list).length > 0 ? list : undefined;
}

const PROBE_TIMINGS = ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold'] as const;

/** A Berth probe (one of httpGet, tcpSocket, exec plus timings) as a Kubernetes Probe. */
export function probe(value: unknown): Json | undefined {
  const source = asObject(value);
  if (!source) return undefined;
  const out: Json = {};
  const httpGet = asObject(source['httpGet']);
  const tcpSocket = asObject(source['tcpSocket']);
  const exec = asObject(source['exec']);
  if (httpGet) out['httpGet'] = { path: asString(httpGet['path']) ?? '/', port: portReference(httpGet['port']) };
  else if (tcpSocket) out['tcpSocket'] = { port: portReference(tcpSocket['port']) };
  else if (exec) out['exec'] = { command: asArray(exec['command']).filter((word) => typeof word === 'string') };
  else return undefined;
  for (const key of PROBE_TIMINGS) {
    const seconds = asInteger(source[key]);
    if (seconds !== undefined) out[key] = seconds;
  }
  return out;
}

function portReference(value: unknown): number | string | undefined {
  return typeof value === 'number' || typeof value === 'string' ? value : undefined;
}

export interface AppVolume {
  readonly name: string;
  readonly size: string;
  readonly mountPath: string;
  readonly storageClass: string | undefined;
  readonly accessMode: string;
}

export function storageOf(spec: Obj): AppVolume[] {
  const volumes: AppVolume[] = [];
  for (const entry of asArray(spec['storage'])) {
    const name = asString(field(entry, 'name'));
    const size = quantityText(field(entry, 'size'));
    const mountPath = asString(field(entry, 'mountPath'));
    if (name === undefined || size === undefined || mountPath === undefined) continue;
    volumes.push({ name, size, mountPath, storageClass: asString(field(entry, 'storageClass')), accessMode: asString(field(entry, 'accessMode')) ?? 'ReadWriteOnce' });
  }
  return volumes;
}

/** The claim behind a storage volume: `<app>-<volume>`. */
export function claimName(app: string, volume: string): string {
  return `${app}-${volume}`;
}

/** Required node affinity to the pool's `berth.dev/nodepool` label. */
export function nodePoolAffinity(pool: string): Json {
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: NODEPOOL_LABEL, operator: 'In', values: [pool] }] }],
      },
    },
  };
}

/** Tolerations for every taint of the pool: Equal with a value, Exists without one. */
export function tolerationsFor(pool: Obj | undefined): Json[] {
  return taintsOf(pool).map((taint) =>
    taint.value !== undefined
      ? { key: taint.key, operator: 'Equal', value: taint.value, effect: taint.effect }
      : { key: taint.key, operator: 'Exists', effect: taint.effect },
  );
}

/**
 * `spread: node` → a hard topology spread over kubernetes.io/hostname (every node has it);
 * `spread: zone` → a soft one over topology.kubernetes.io/zone (nodes without zones must not
 * make pods unschedulable). Each Deployment spreads its own pods (its selector).
 */
export function topologySpread(spread: string | undefined, selector: Record<string, string>): Json[] | undefined {
  if (spread === 'node') {
    return [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: selector } }];
  }
  if (spread === 'zone') {
    return [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } }];
  }
  return undefined;
}
