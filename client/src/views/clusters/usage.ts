/**
 * Live CPU and memory for the Clusters view's node pools, nodes and pods, from metrics.k8s.io.
 * Rows register when drawn; while the view is visible and some rows are drawn, each of their
 * contexts is sampled every SAMPLE_MS (metrics-server's own resolution), two requests per context
 * (all nodes, all pods), and the drawn rows are redrawn with the new numbers. A context without
 * metrics-server shows no numbers and says so once, on its own row, never an error per row.
 */
import type { Result } from '../../../../platform/result';
import {
  addResources, formatUsageBrief, isMetricsUnavailable, NO_RESOURCES, podRequestTotals, parseResources, readNodeMetrics, readPodMetrics,
  type KubeClient, type KubeError, type KubeObject, type Resources,
} from '../../../../kube';

export const SAMPLE_MS = 15_000;

interface Sample {
  readonly nodes: ReadonlyMap<string, Resources>;
  readonly pods: ReadonlyMap<string, Resources>;
}

/** The rows that show usage: they carry their context. */
export interface UsageRow {
  readonly id: string;
  readonly context: string;
}

const EMPTY: Sample = { nodes: new Map(), pods: new Map() };

const podKey = (namespace: string, name: string): string => `${namespace}/${name}`;

const allocatableOf = (node: KubeObject): Resources => parseResources((node as { status?: { allocatable?: unknown } }).status?.allocatable);

export class UsageSampler<N extends UsageRow> {
  private readonly samples = new Map<string, Sample>();
  private shown = new Map<string, N>();
  private visible = true;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private readonly abort = new AbortController();
  /** Contexts whose cluster serves no metrics API, as the last sample found. */
  private readonly withoutMetrics = new Set<string>();

  constructor(
    private readonly connect: (context: string) => Promise<Result<KubeClient, KubeError>>,
    /** Redraws rows whose numbers may have changed. */
    private readonly redraw: (rows: readonly N[]) => void,
    /** A context turned out to serve no metrics API, or to serve one again. */
    private readonly metricsServedChanged: (context: string) => void = () => {},
  ) {}

  /** Whether the context's cluster was found to serve no metrics API (no metrics-server). */
  servesNoMetrics(context: string): boolean {
    return this.withoutMetrics.has(context);
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) this.schedule(0);
    else this.stop();
  }

  /** A usage row was drawn: it is redrawn after the next sample. */
  drawn(row: N): void {
    this.shown.set(row.id, row);
    if (!this.samples.has(row.context)) this.schedule(0);
    else this.schedule(SAMPLE_MS);
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

  /** Forgets samples and rows (the tree lists everything afresh). */
  reset(): void {
    this.samples.clear();
    this.shown.clear();
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delay: number): void {
    if (!this.visible || this.abort.signal.aborted || this.running) return;
    if (this.timer && delay > 0) return;
    this.stop();
    this.timer = setTimeout(() => void this.sample(), delay);
  }

  private async sample(): Promise<void> {
    this.timer = undefined;
    if (this.shown.size === 0) return;
    this.running = true;
    const rows = [...this.shown.values()];
    // Rows drawn again after this sample register again; rows gone from the tree are forgotten.
    this.shown = new Map();
    try {
      const contexts = [...new Set(rows.map((r) => r.context))];
      await Promise.all(contexts.map((c) => this.sampleContext(c)));
    } finally {
      this.running = false;
    }
    if (this.abort.signal.aborted) return;
    this.redraw(rows);
    this.schedule(SAMPLE_MS);
  }

  private async sampleContext(context: string): Promise<void> {
    // A context without metrics (unreachable, no metrics-server) keeps an empty sample: it is
    // asked again at the next interval, not at every redraw.
    const client = await this.connect(context);
    if (!client.ok) {
      this.samples.set(context, EMPTY);
      return;
    }
    const signal = this.abort.signal;
    const [nodes, pods] = await Promise.all([readNodeMetrics(client.value, { signal }), readPodMetrics(client.value, undefined, { signal })]);
    this.setServesMetrics(context, !(!nodes.ok && !pods.ok && isMetricsUnavailable(nodes.error) && isMetricsUnavailable(pods.error)));
    if (!nodes.ok && !pods.ok) {
      this.samples.set(context, EMPTY);
      return;
    }
    this.samples.set(context, {
      nodes: new Map(nodes.ok ? nodes.value.map((n) => [n.name, n.usage]) : []),
      pods: new Map(pods.ok ? pods.value.map((p) => [podKey(p.namespace, p.name), p.usage]) : []),
    });
  }

  private setServesMetrics(context: string, serves: boolean): void {
    if (serves !== this.withoutMetrics.has(context)) return;
    if (serves) this.withoutMetrics.delete(context);
    else this.withoutMetrics.add(context);
    this.metricsServedChanged(context);
  }

  dispose(): void {
    this.abort.abort();
    this.stop();
  }
}
