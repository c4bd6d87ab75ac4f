/**
 * Live CPU and memory for the Clusters view's node pools, nodes and pods, from metrics.k8s.io.
 * The view says which usage rows are drawn; while it is visible and some are, each of their
 * contexts is sampled every SAMPLE_MS (metrics-server's own resolution): all nodes in one request,
 * and the pods of each namespace that has pod rows drawn (a cluster's whole PodMetricsList is
 * megabytes on a big cluster, and parsing it would block the extension host), then the drawn rows
 * are redrawn with the new numbers. A context without metrics-server shows no numbers and says so
 * once, on its own row, never an error per row.
 */
import type { Result } from '../../../../platform/result';
import {
  addResources, formatUsageBrief, isMetricsUnavailable, NO_RESOURCES, podRequestTotals, parseResources, readNodeMetrics, readPodMetrics,
  type KubeClient, type KubeError, type KubeObject, type Resources,
} from '../../../../kube';

export const SAMPLE_MS = 15_000;
/** Namespaces whose pod metrics are read at once. */
const NAMESPACE_READS = 2;

interface Sample {
  readonly nodes: ReadonlyMap<string, Resources>;
  readonly pods: ReadonlyMap<string, Resources>;
}

/** The rows that show usage: they carry their context. */
export interface UsageRow {
  readonly id: string;
  readonly context: string;
}

export interface UsageSamplerOptions<N extends UsageRow> {
  readonly connect: (context: string) => Promise<Result<KubeClient, KubeError>>;
  /** The usage rows drawn in the view now: a sample reads for these. */
  readonly drawnRows: () => readonly N[];
  /** After a sample, the rows it read for: their numbers may have changed. */
  readonly sampled: (rows: readonly N[]) => void;
  /** A context turned out to serve no metrics API, or to serve one again. */
  readonly metricsServedChanged?: (context: string) => void;
  /** The namespace of a pod row; undefined for the other rows (pools, nodes), which need no pod metrics. */
  readonly podNamespace?: (row: N) => string | undefined;
}

const EMPTY: Sample = { nodes: new Map(), pods: new Map() };

const podKey = (namespace: string, name: string): string => `${namespace}/${name}`;

const allocatableOf = (node: KubeObject): Resources => parseResources((node as { status?: { allocatable?: unknown } }).status?.allocatable);

export class UsageSampler<N extends UsageRow> {
  private readonly samples = new Map<string, Sample>();
  private visible = true;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the pending timer fires (epoch ms). */
  private due = 0;
  private running = false;
  private readonly abort = new AbortController();
  /** The namespaces whose pods the context's last sample asked for. */
  private readonly asked = new Map<string, ReadonlySet<string>>();
  /** Contexts whose cluster serves no metrics API, as the last sample found. */
  private readonly withoutMetrics = new Set<string>();

  private readonly podNamespace: (row: N) => string | undefined;

  constructor(private readonly options: UsageSamplerOptions<N>) {
    this.podNamespace = options.podNamespace ?? (() => undefined);
  }

  /** Whether the context's cluster was found to serve no metrics API (no metrics-server). */
  servesNoMetrics(context: string): boolean {
    return this.withoutMetrics.has(context);
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) this.schedule(0);
    else this.stop();
  }

  /** A usage row was drawn: sampled at once when no sample covers it, else at the next interval. */
  drawn(row: N): void {
    this.schedule(this.covered(row) ? SAMPLE_MS : 0);
  }

  /** Whether the context's last sample read what the row shows (its namespace's pods, for a pod). */
  private covered(row: N): boolean {
    if (!this.samples.has(row.context)) return false;
    const namespace = this.podNamespace(row);
    return namespace === undefined || this.asked.get(row.context)?.has(namespace) === true;
  }

  /** Usage of a node against its allocatable, or undefined without a sample. */
  node(context: string, node: KubeObject): string | undefined {
    const usage = this.samples.get(context)?.nodes.get(node.metadata.name ?? '');
    return usage && formatUsageBrief(usage, allocatableOf(node));
  }

  /** The pool's sampled nodes against their allocatable. */
  pool(context: string, nodes: readonly KubeObject[]): string | undefined {
    const sample = this.samples.get(context);
    if (!sample) return undefined;
    let usage = NO_RESOURCES;
    let allocatable = NO_RESOURCES;
    let any = false;
    for (const n of nodes) {
      const u = sample.nodes.get(n.metadata.name ?? '');
      if (!u) continue;
      any = true;
      usage = addResources(usage, u);
      allocatable = addResources(allocatable, allocatableOf(n));
    }
    return any ? formatUsageBrief(usage, allocatable) : undefined;
  }

  /** Usage of a pod against its requests. */
  pod(context: string, pod: KubeObject): string | undefined {
    const usage = this.samples.get(context)?.pods.get(podKey(pod.metadata.namespace ?? '', pod.metadata.name ?? ''));
    return usage && formatUsageBrief(usage, podRequestTotals(pod));
  }

  /** Forgets the samples (the tree lists everything afresh). */
  reset(): void {
    this.samples.clear();
    this.asked.clear();
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Samples after `delay` ms, unless a sample is already due by then (a page draws hundreds of rows: one timer). */
  private schedule(delay: number): void {
    if (!this.visible || this.abort.signal.aborted || this.running) return;
    const due = Date.now() + delay;
    if (this.timer && this.due <= due) return;
    this.stop();
    this.due = due;
    this.timer = setTimeout(() => void this.sample(), delay);
  }

  private async sample(): Promise<void> {
    this.timer = undefined;
    const rows = this.options.drawnRows();
    if (rows.length === 0) return;
    this.running = true;
    try {
      const namespaces = new Map<string, Set<string>>();
      for (const row of rows) {
        const inContext = namespaces.get(row.context) ?? new Set<string>();
        namespaces.set(row.context, inContext);
        const namespace = this.podNamespace(row);
        if (namespace) inContext.add(namespace);
      }
      await Promise.all([...namespaces].map(([context, podNamespaces]) => this.sampleContext(context, [...podNamespaces])));
    } finally {
      this.running = false;
    }
    if (this.abort.signal.aborted) return;
    this.options.sampled(rows);
    // Rows drawn while the sample was on its way (a namespace just opened) need not wait a whole interval.
    this.schedule(this.options.drawnRows().every((row) => this.covered(row)) ? SAMPLE_MS : 0);
  }

  private async sampleContext(context: string, podNamespaces: readonly string[]): Promise<void> {
    // A context without metrics (unreachable, no metrics-server) keeps an empty sample: it is
    // asked again at the next interval, not at every redraw.
    this.asked.set(context, new Set(podNamespaces));
    const client = await this.options.connect(context);
    if (!client.ok) {
      this.samples.set(context, EMPTY);
      return;
    }
    const signal = this.abort.signal;
    const [nodes, pods] = await Promise.all([readNodeMetrics(client.value, { signal }), this.readPods(client.value, podNamespaces, signal)]);
    // Without pod rows, the nodes' answer alone says whether the cluster serves metrics.
    const podsUnavailable = podNamespaces.length === 0 || (pods.failed !== undefined && isMetricsUnavailable(pods.failed));
    this.setServesMetrics(context, !(!nodes.ok && isMetricsUnavailable(nodes.error) && podsUnavailable));
    if (!nodes.ok && pods.read.size === 0) {
      this.samples.set(context, EMPTY);
      return;
    }
    this.samples.set(context, { nodes: new Map(nodes.ok ? nodes.value.map((n) => [n.name, n.usage]) : []), pods: pods.read });
  }

  /**
   * The pod metrics of each namespace, NAMESPACE_READS at a time; `failed` is a failure when
   * every namespace's read failed.
   */
  private async readPods(client: KubeClient, namespaces: readonly string[], signal: AbortSignal): Promise<{ read: Map<string, Resources>; failed: KubeError | undefined }> {
    const read = new Map<string, Resources>();
    let failed: KubeError | undefined;
    let succeeded = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < namespaces.length && !signal.aborted) {
        const namespace = namespaces[next++]!;
        const pods = await readPodMetrics(client, namespace, { signal });
        if (!pods.ok) {
          failed ??= pods.error;
          continue;
        }
        succeeded++;
        for (const p of pods.value) read.set(podKey(p.namespace, p.name), p.usage);
      }
    };
    await Promise.all(Array.from({ length: Math.min(NAMESPACE_READS, namespaces.length) }, worker));
    return { read, failed: succeeded > 0 ? undefined : failed };
  }

  private setServesMetrics(context: string, serves: boolean): void {
    if (serves !== this.withoutMetrics.has(context)) return;
    if (serves) this.withoutMetrics.delete(context);
    else this.withoutMetrics.add(context);
    this.options.metricsServedChanged?.(context);
  }

  dispose(): void {
    this.abort.abort();
    this.stop();
  }
}
