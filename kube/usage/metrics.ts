/**
 * Reading metrics.k8s.io (served by metrics-server): the current CPU and memory of every node
 * and of the pods of a namespace (or all), with quantities parsed into cores and bytes. A
 * cluster that does not serve the API gets a `notFound`/`server` error saying so, not a crash.
 */
import { err, ok, type Result } from '../../platform/result';
import { parseQuantity } from '../../platform/rules/quantity';
import type { KubeClient } from '../client';
import type { KubeError } from '../errors';

/** CPU in cores and memory in bytes. */
export interface Resources {
  readonly cpu: number;
  readonly memory: number;
}

export interface NodeMetrics {
  readonly name: string;
  readonly usage: Resources;
  /** When metrics-server sampled it (RFC 3339), if it said. */
  readonly timestamp?: string;
}

export interface PodMetrics {
  readonly namespace: string;
  readonly name: string;
  /** The sum over the pod's containers. */
  readonly usage: Resources;
  readonly timestamp?: string;
}

const METRICS_API = '/apis/metrics.k8s.io/v1beta1';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A usage map ({cpu: "250m", memory: "64Mi"}) as numbers; absent or malformed entries count 0. */
export function parseResources(value: unknown): Resources {
  const usage = isRecord(value) ? value : {};
  const cpu = parseQuantity(usage['cpu']);
  const memory = parseQuantity(usage['memory']);
  return { cpu: cpu !== undefined && cpu >= 0 ? cpu : 0, memory: memory !== undefined && memory >= 0 ? memory : 0 };
}

export function addResources(a: Resources, b: Resources): Resources {
  return { cpu: a.cpu + b.cpu, memory: a.memory + b.memory };
}

export const NO_RESOURCES: Resources = { cpu: 0, memory: 0 };

function items(body: unknown): unknown[] {
  return isRecord(body) && Array.isArray(body['items']) ? body['items'] : [];
}

function metadataOf(item: unknown): { name?: string; namespace?: string } {
  const m = isRecord(item) && isRecord(item['metadata']) ? item['metadata'] : {};
  return { name: text(m['name']), namespace: text(m['namespace']) };
}

/** NodeMetricsList items; entries without a name are skipped. */
export function parseNodeMetricsList(body: unknown): NodeMetrics[] {
  const out: NodeMetrics[] = [];
  for (const item of items(body)) {
    const { name } = metadataOf(item);
    if (!name || !isRecord(item)) continue;
    out.push({ name, usage: parseResources(item['usage']), timestamp: text(item['timestamp']) });
  }
  return out;
}

/** PodMetricsList items, each pod's containers summed; entries without a name are skipped. */
export function parsePodMetricsList(body: unknown): PodMetrics[] {
  const out: PodMetrics[] = [];
  for (const item of items(body)) {
    const { name, namespace } = metadataOf(item);
    if (!name || !namespace || !isRecord(item)) continue;
    const containers = Array.isArray(item['containers']) ? item['containers'] : [];
    const usage = containers.reduce<Resources>((sum, c) => addResources(sum, parseResources(isRecord(c) ? c['usage'] : undefined)), NO_RESOURCES);
    out.push({ namespace, name, usage, timestamp: text(item['timestamp']) });
  }
  return out;
}

/** Whether an error of a metrics read means the cluster serves no metrics API (no metrics-server, or it is down). */
export function isMetricsUnavailable(error: KubeError): boolean {
  return error.kind === 'notFound' || (error.kind === 'server' && error.status === 503);
}

function unavailable(error: KubeError): KubeError {
  if (!isMetricsUnavailable(error)) return error;
  return { ...error, message: `${error.message.replace(/\.?\s*$/, '.')} The cluster does not serve metrics.k8s.io: no metrics-server runs there (the local cluster from \`npm run cluster -- up\` starts one).` };
}

export interface MetricsOptions {
  readonly signal?: AbortSignal;
}

export async function readNodeMetrics(client: KubeClient, options: MetricsOptions = {}): Promise<Result<NodeMetrics[], KubeError>> {
  const r = await client.request<unknown>({ method: 'GET', path: `${METRICS_API}/nodes`, operation: { verb: 'list', resource: 'nodes.metrics.k8s.io' }, signal: options.signal });
  return r.ok ? ok(parseNodeMetricsList(r.value.body)) : err(unavailable(r.error));
}

/** Pod metrics of `namespace`, or of every namespace when it is undefined. */
export async function readPodMetrics(client: KubeClient, namespace: string | undefined, options: MetricsOptions & { labelSelector?: string } = {}): Promise<Result<PodMetrics[], KubeError>> {
  const path = namespace ? `${METRICS_API}/namespaces/${encodeURIComponent(namespace)}/pods` : `${METRICS_API}/pods`;
  const r = await client.request<unknown>({
    method: 'GET',
    path,
    query: { labelSelector: options.labelSelector },
    operation: { verb: 'list', resource: 'pods.metrics.k8s.io', namespace },
    signal: options.signal,
  });
  return r.ok ? ok(parsePodMetricsList(r.value.body)) : err(unavailable(r.error));
}
