/**
 * Creating and deleting clusters from Cluster documents: `kwok` (kwokctl, simulated nodes made
 * from the NodePools) and `kind` (kind create cluster with a rendered config). The new context is
 * written to the given kubeconfig file (the first file of KUBECONFIG) and selected; when anything
 * fails the cluster is deleted again and its context removed, so nothing half-registered stays.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { err, ok, type Result } from '../platform/result';
import { connect } from './client';
import { kubeError, type KubeError } from './errors';
import { loadKubeconfig, removeKubeconfigEntries, selectTarget, writeCurrentContext } from './kubeconfig';
import { scaleKwokPool, type InstanceType, type NodePoolSpec } from './nodePools';
import { runTool, spawnRunner, type ToolRunner } from './tools';

/** The parts of a Cluster document provisioning reads. */
export interface ClusterSpec {
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly type?: 'dedicated' | 'managed' | 'serverless';
    readonly provider: 'kind' | 'kwok' | 'registered';
    readonly kubernetesVersion?: string;
    readonly controlPlane?: { readonly nodes?: number };
    readonly network?: { readonly plugin?: string; readonly podCIDR?: string; readonly serviceCIDR?: string };
  };
}

/** Locally built binaries for kwokctl's binary runtime (paths); any missing one kwokctl finds itself. */
export interface KwokBinaries {
  readonly kwokctl?: string;
  readonly kwok?: string;
  readonly kubectl?: string;
  readonly etcd?: string;
  readonly 'kube-apiserver'?: string;
  readonly 'kube-controller-manager'?: string;
  readonly 'kube-scheduler'?: string;
}

export interface ProvisionOptions {
  /** The kubeconfig file the context is written to (the first file of KUBECONFIG). */
  readonly kubeconfigFile: string;
  readonly runner?: ToolRunner;
  readonly onProgress?: (line: string) => void;
  readonly signal?: AbortSignal;
}

export interface KwokOptions extends ProvisionOptions {
  readonly binaries?: KwokBinaries;
  readonly catalog: readonly InstanceType[];
  /** kwokctl's KWOK_WORKDIR (where it keeps clusters); default kwokctl's own (~/.kwok). */
  readonly workdir?: string;
  /** A CRI log file every simulated container prints (kwok ClusterLogs), so `logs` has output. */
  readonly podLogFile?: string;
  readonly timeoutMs?: number;
}

export interface KindOptions extends ProvisionOptions {
  /** The kind executable; default `kind` on PATH. */
  readonly kind?: string;
  /** The kind Cluster config to create (renderKindConfig's output). */
  readonly config: unknown;
}

export interface ProvisionResult {
  readonly cluster: string;
  readonly context: string;
  readonly kubeconfigFile: string;
  readonly nodes: readonly string[];
}

function contextNames(provider: 'kind' | 'kwok', name: string) {
  const n = `${provider}-${name}`;
  return { context: n, cluster: n, user: n };
}

function contextExists(file: string, context: string): boolean {
  const kc = loadKubeconfig({ kubeconfigEnv: file });
  return kc.ok && kc.value.contexts.some((c) => c.name === context);
}

/** kwokctl's --kube-version wants vMAJOR.MINOR.PATCH or vMAJOR.MINOR. */
function kubeVersionFlag(version: string | undefined): string | undefined {
  return version ? `v${version.replace(/^v/, '')}` : undefined;
}

/** The kwokctl configuration: the binary runtime on the given binaries, bound to 127.0.0.1. */
export function kwokctlConfig(cluster: ClusterSpec, options: Pick<KwokOptions, 'binaries' | 'podLogFile'>): unknown[] {
  const b = options.binaries ?? {};
  const local = Boolean(b['kube-apiserver']);
  const opts: Record<string, unknown> = { bindAddress: '127.0.0.1' };
  if (local) {
    opts.runtime = 'binary';
    if (b['kube-apiserver']) opts.kubeApiserverBinary = b['kube-apiserver'];
    if (b['kube-controller-manager']) opts.kubeControllerManagerBinary = b['kube-controller-manager'];
    if (b['kube-scheduler']) opts.kubeSchedulerBinary = b['kube-scheduler'];
    if (b.kubectl) opts.kubectlBinary = b.kubectl;
    if (b.kwok) opts.kwokControllerBinary = b.kwok;
    if (b.etcd) opts.etcdBinary = b.etcd;
  } else {
    const version = kubeVersionFlag(cluster.spec.kubernetesVersion);
    if (version) opts.kubeVersion = version;
  }
  if (cluster.spec.network?.serviceCIDR) opts.serviceClusterIPRange = cluster.spec.network.serviceCIDR;
  const docs: unknown[] = [
    {
      apiVersion: 'config.kwok.x-k8s.io/v1alpha1',
      kind: 'KwokctlConfiguration',
      options: opts,
      // Without a default route kube-apiserver cannot pick an address to advertise.
      componentsPatches: [{ name: 'kube-apiserver', extraArgs: [{ key: 'advertise-address', value: '127.0.0.1' }] }],
    },
  ];
  if (options.podLogFile) {
    docs.push({ apiVersion: 'kwok.x-k8s.io/v1alpha1', kind: 'ClusterLogs', metadata: { name: 'berth-container-logs' }, spec: { logs: [{ logsFile: options.podLogFile, follow: false }] } });
  }
  return docs;
}

function kwokEnv(options: KwokOptions): Record<string, string> {
  const env: Record<string, string> = {};
  if (options.workdir) env.KWOK_WORKDIR = options.workdir;
  // kwokctl looks kubectl up on PATH and downloads one when none is there: ours comes first.
  if (options.binaries?.kubectl) env.PATH = `${dirname(options.binaries.kubectl)}:${process.env.PATH ?? ''}`;
  return env;
}

/** `kwokctl create cluster`, then the pools' nodes; the context `kwok-<name>` is selected. */
export async function kwokClusterUp(cluster: ClusterSpec, pools: readonly NodePoolSpec[], options: KwokOptions): Promise<Result<ProvisionResult, KubeError>> {
  const runner = options.runner ?? spawnRunner;
  const progress = options.onProgress ?? (() => undefined);
  const name = cluster.metadata.name;
  const names = contextNames('kwok', name);
  if (cluster.spec.provider !== 'kwok') return err(kubeError('invalid', `Cluster ${name} has provider ${cluster.spec.provider}, not kwok.`));
  if (contextExists(options.kubeconfigFile, names.context)) {
    return err(kubeError('conflict', `Context ${names.context} already exists in ${options.kubeconfigFile}; run \`berth cluster down\` for ${name} first, or remove the context.`));
  }
  const kwokctl = options.binaries?.kwokctl ?? 'kwokctl';
  const tmp = mkdtempSync(join(tmpdir(), 'berth-kwok-'));
  const configFile = join(tmp, 'kwokctl.yaml');
  writeFileSync(configFile, kwokctlConfig(cluster, options).map((d) => stringify(d)).join('---\n'));
  const rollback = async (cause: KubeError): Promise<Result<never, KubeError>> => {
    progress(`rolling back: deleting kwok cluster ${name}`);
    await runner({ command: kwokctl, args: ['delete', 'cluster', '--name', name, '--kubeconfig', options.kubeconfigFile], env: kwokEnv(options) }, progress);
    removeKubeconfigEntries(options.kubeconfigFile, names);
    return err(cause);
  };
  try {
    progress(`creating kwok cluster ${name}${options.binaries?.['kube-apiserver'] ? ' on the locally built binaries' : ''}`);
    const created = await runTool(
      runner,
      {
        command: kwokctl,
        args: ['create', 'cluster', '--name', name, '--config', configFile, '--kubeconfig', options.kubeconfigFile, '--wait', '3m'],
        env: kwokEnv(options),
      },
      `create cluster ${name}`,
      progress,
      options.signal,
    );
    if (!created.ok) return rollback(created.error);
    const nodes = await createPoolNodes(options.kubeconfigFile, names.context, pools, options);
    if (!nodes.ok) return rollback(nodes.error);
    const selected = selectContextInFile(options.kubeconfigFile, names.context);
    if (!selected.ok) return rollback(selected.error);
    return ok({ cluster: name, context: names.context, kubeconfigFile: options.kubeconfigFile, nodes: nodes.value });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function selectContextInFile(file: string, context: string): Result<void, KubeError> {
  const kc = loadKubeconfig({ kubeconfigEnv: file });
  if (!kc.ok) return kc;
  return writeCurrentContext(kc.value, context);
}

async function createPoolNodes(file: string, context: string, pools: readonly NodePoolSpec[], options: KwokOptions): Promise<Result<string[], KubeError>> {
  const kc = loadKubeconfig({ kubeconfigEnv: file });
  if (!kc.ok) return kc;
  const target = selectTarget(kc.value, { context });
  if (!target.ok) return target;
  const client = await connect(target.value);
  if (!client.ok) return client;
  const nodes: string[] = [];
  for (const pool of pools) {
    const desired = pool.spec.scaling?.desired ?? pool.spec.scaling?.min ?? 1;
    options.onProgress?.(`node pool ${pool.metadata.name}: ${desired} x ${pool.spec.instanceType}`);
    const scaled = await scaleKwokPool(client.value, pool, desired, options.catalog, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      timeoutMs: options.timeoutMs ?? 120_000,
    });
    if (!scaled.ok) return scaled;
    nodes.push(...scaled.value.nodes);
  }
  return ok(nodes);
}

/** `kwokctl delete cluster`; the context goes with it. */
export async function kwokClusterDown(name: string, options: Omit<KwokOptions, 'catalog'>): Promise<Result<void, KubeError>> {
  const runner = options.runner ?? spawnRunner;
  const deleted = await runTool(
    runner,
    { command: options.binaries?.kwokctl ?? 'kwokctl', args: ['delete', 'cluster', '--name', name, '--kubeconfig', options.kubeconfigFile], env: kwokEnv(options as KwokOptions) },
    `delete cluster ${name}`,
    options.onProgress ?? (() => undefined),
    options.signal,
  );
  if (!deleted.ok) return deleted;
  const removed = removeKubeconfigEntries(options.kubeconfigFile, contextNames('kwok', name));
  return removed.ok ? ok(undefined) : removed;
}

/** The kind node image for a full version ("1.31.2"); none (kind's default) for "1.31". */
export function kindNodeImage(version: string | undefined): string | undefined {
  const v = version?.replace(/^v/, '');
  return v && /^\d+\.\d+\.\d+$/.test(v) ? `kindest/node:v${v}` : undefined;
}

/** The `kind create cluster` command line for a config file. */
export function kindCreateArgs(cluster: ClusterSpec, configFile: string, kubeconfigFile: string): string[] {
  const image = kindNodeImage(cluster.spec.kubernetesVersion);
  return ['create', 'cluster', '--name', cluster.metadata.name, '--config', configFile, '--kubeconfig', kubeconfigFile, ...(image ? ['--image', image] : []), '--wait', '5m'];
}

/** `kind create cluster --config`, streaming its progress; the context `kind-<name>` is selected. */
export async function kindClusterUp(cluster: ClusterSpec, options: KindOptions): Promise<Result<ProvisionResult, KubeError>> {
  const runner = options.runner ?? spawnRunner;
  const progress = options.onProgress ?? (() => undefined);
  const name = cluster.metadata.name;
  const names = contextNames('kind', name);
  const kind = options.kind ?? 'kind';
  if (cluster.spec.provider !== 'kind') return err(kubeError('invalid', `Cluster ${name} has provider ${cluster.spec.provider}, not kind.`));
  if (contextExists(options.kubeconfigFile, names.context)) {
    return err(kubeError('conflict', `Context ${names.context} already exists in ${options.kubeconfigFile}; run \`berth cluster down\` for ${name} first, or remove the context.`));
  }
  const tmp = mkdtempSync(join(tmpdir(), 'berth-kind-'));
  const configFile = join(tmp, 'kind-config.yaml');
  writeFileSync(configFile, stringify(options.config));
  try {
    progress(`creating kind cluster ${name}`);
    const created = await runTool(runner, { command: kind, args: kindCreateArgs(cluster, configFile, options.kubeconfigFile) }, `create cluster ${name}`, progress, options.signal);
    const selected = created.ok ? selectContextInFile(options.kubeconfigFile, names.context) : created;
    if (!selected.ok) {
      progress(`rolling back: deleting kind cluster ${name}`);
      await runner({ command: kind, args: ['delete', 'cluster', '--name', name, '--kubeconfig', options.kubeconfigFile] }, progress);
      removeKubeconfigEntries(options.kubeconfigFile, names);
      return selected;
    }
    const nodes = nodeNamesOf(name, options.config);
    return ok({ cluster: name, context: names.context, kubeconfigFile: options.kubeconfigFile, nodes });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** kind's node names: <name>-control-plane, -control-plane2..., <name>-worker, -worker2... */
function nodeNamesOf(name: string, config: unknown): string[] {
  const nodes = ((config as { nodes?: { role?: string }[] })?.nodes ?? [{ role: 'control-plane' }]) as { role?: string }[];
  const counts: Record<string, number> = {};
  return nodes.map((n) => {
    const role = n.role ?? 'control-plane';
    counts[role] = (counts[role] ?? 0) + 1;
    return `${name}-${role}${counts[role] > 1 ? counts[role] : ''}`;
  });
}

export async function kindClusterDown(name: string, options: Omit<KindOptions, 'config'>): Promise<Result<void, KubeError>> {
  const runner = options.runner ?? spawnRunner;
  const deleted = await runTool(
    runner,
    { command: options.kind ?? 'kind', args: ['delete', 'cluster', '--name', name, '--kubeconfig', options.kubeconfigFile] },
    `delete cluster ${name}`,
    options.onProgress ?? (() => undefined),
    options.signal,
  );
  if (!deleted.ok) return deleted;
  const removed = removeKubeconfigEntries(options.kubeconfigFile, contextNames('kind', name));
  return removed.ok ? ok(undefined) : removed;
}

/** Pools of kind clusters have their node count fixed when the cluster is created. */
export function refuseKindPoolScaling(pool: string, cluster: string): KubeError {
  return kubeError(
    'invalid',
    `NodePool ${pool} belongs to kind cluster ${cluster}: kind fixes the node count when the cluster is created. Change spec.scaling.desired and re-create the cluster (berth cluster down, then up).`,
  );
}

/**
 * A kind config for a Cluster and its pools, for use until the renderer's renderKindConfig is
 * available: control-plane nodes (3 or 5 for dedicated), one worker per desired pool node with the
 * pool's labels and taints, the cluster's CIDRs, and the default CNI off for flannel/calico.
 */
export function basicKindConfig(cluster: ClusterSpec, pools: readonly NodePoolSpec[]): Record<string, unknown> {
  const controlPlanes = cluster.spec.type === 'dedicated' ? (cluster.spec.controlPlane?.nodes ?? 1) : 1;
  const nodes: Record<string, unknown>[] = Array.from({ length: controlPlanes }, () => ({ role: 'control-plane' }));
  if (cluster.spec.type !== 'serverless') {
    for (const pool of pools) {
      const desired = pool.spec.scaling?.desired ?? pool.spec.scaling?.min ?? 1;
      const taints = (pool.spec.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`);
      for (let i = 0; i < desired; i++) {
        nodes.push({
          role: 'worker',
          labels: { ...(pool.spec.labels ?? {}), 'berth.dev/nodepool': pool.metadata.name },
          ...(taints.length > 0
            ? { kubeadmConfigPatches: [stringify({ kind: 'JoinConfiguration', nodeRegistration: { kubeletExtraArgs: { 'register-with-taints': taints.join(',') } } })] }
            : {}),
        });
      }
    }
  }
  const network = cluster.spec.network ?? {};
  return {
    kind: 'Cluster',
    apiVersion: 'kind.x-k8s.io/v1alpha4',
    name: cluster.metadata.name,
    networking: {
      ...(network.podCIDR ? { podSubnet: network.podCIDR } : {}),
      ...(network.serviceCIDR ? { serviceSubnet: network.serviceCIDR } : {}),
      ...(network.plugin === 'flannel' || network.plugin === 'calico' ? { disableDefaultCNI: true } : {}),
    },
    nodes,
  };
}
