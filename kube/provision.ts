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
import { provisionedContextName } from '../platform/clusterContext';
import type { Cluster, InstanceType, NodePool } from '../platform/model';
import { clusterPodCIDR, nodeCountProblem, renderKindConfig, renderKwokctlConfig, type KwokBinaries } from '../platform/render';
import { desiredNodes } from '../platform/render/model';
import { err, ok, type Result } from '../platform/result';
import { connect } from './client';
import { kubeError, type KubeError } from './errors';
import { kwokCreationLock, withFolderLock } from './folderLock';
import { loadKubeconfig, removeKubeconfigEntries, selectTarget, writeCurrentContext } from './kubeconfig';
import { localKwokBinaries } from './kwokBinaries';
import { scaleKwokPool } from './nodePools';
import { allDnsLabels } from './toolNames';
import { runTool, spawnRunner, type ToolCommand, type ToolRunner } from './tools';

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

interface ProvisionedNames {
  readonly context: string;
  readonly cluster: string;
  readonly user: string;
}

/**
 * The kubeconfig entries `<provider>-<name>` a provider writes for a cluster, once the name and
 * the context are known to be DNS-1123 labels: the name reaches the tool's command line and its
 * working folder, so nothing runs for a name that is not.
 */
function provisionedNames(provider: 'kind' | 'kwok', name: unknown): Result<ProvisionedNames, KubeError> {
  const context = provisionedContextName(provider, String(name));
  const checked = allDnsLabels([
    [name, 'Cluster metadata.name'],
    [context, 'context name'],
  ]);
  return checked.ok ? ok({ context, cluster: context, user: context }) : checked;
}

/**
 * Why a Cluster and its pools cannot be provisioned, checked before anything runs: names that
 * are not DNS-1123 labels, or pools beyond the node bounds (PLATFORM.md).
 */
export function provisioningRefusal(cluster: Cluster, pools: readonly NodePool[]): KubeError | undefined {
  const provider = cluster.spec.provider === 'kind' ? 'kind' : 'kwok';
  const names = provisionedNames(provider, cluster.metadata.name);
  if (!names.ok) return names.error;
  const poolNames = allDnsLabels(pools.map((pool) => [pool.metadata.name, 'NodePool metadata.name'] as const));
  if (!poolNames.ok) return poolNames.error;
  const tooMany = nodeCountProblem(pools);
  return tooMany ? kubeError('invalid', `Cluster ${cluster.metadata.name}: ${tooMany}; nothing was created.`) : undefined;
}

function contextExists(file: string, context: string): boolean {
  const kc = loadKubeconfig({ kubeconfigEnv: file });
  return kc.ok && kc.value.contexts.some((c) => c.name === context);
}

function kwokEnv(options: KwokOptions): Record<string, string> {
  const env: Record<string, string> = {};
  if (options.workdir) env.KWOK_WORKDIR = options.workdir;
  // kwokctl looks kubectl up on PATH and downloads one when none is there: ours comes first.
  if (options.binaries?.kubectl) env.PATH = `${dirname(options.binaries.kubectl)}:${process.env.PATH ?? ''}`;
  return env;
}

/** `kwokctl create cluster`, then the pools' nodes; the context `kwok-<name>` is selected. */
export async function kwokClusterUp(cluster: Cluster, pools: readonly NodePool[], options: KwokOptions): Promise<Result<ProvisionResult, KubeError>> {
  const runner = options.runner ?? spawnRunner;
  const progress = options.onProgress ?? (() => undefined);
  const refused = provisioningRefusal(cluster, pools);
  if (refused) return err(refused);
  const name = cluster.metadata.name;
  const names = provisionedNames('kwok', name);
  if (!names.ok) return names;
  if (cluster.spec.provider !== 'kwok') return err(kubeError('invalid', `Cluster ${name} has provider ${cluster.spec.provider}, not kwok.`));
  if (contextExists(options.kubeconfigFile, names.value.context)) {
    return err(kubeError('conflict', `Context ${names.value.context} already exists in ${options.kubeconfigFile}; run \`berth cluster down\` for ${name} first, or remove the context.`));
  }
  const kwokctl = options.binaries?.kwokctl ?? 'kwokctl';
  const tmp = mkdtempSync(join(tmpdir(), 'berth-kwok-'));
  const configFile = join(tmp, 'kwokctl.yaml');
  const config = renderKwokctlConfig(cluster, { ...(options.binaries ? { binaries: options.binaries } : {}), ...(options.podLogFile ? { podLogFile: options.podLogFile } : {}) });
  writeFileSync(configFile, config.map((d) => stringify(d)).join('---\n'));
  const rollback = async (cause: KubeError): Promise<Result<never, KubeError>> => {
    progress(`rolling back: deleting kwok cluster ${name}`);
    await runner({ command: kwokctl, args: ['delete', 'cluster', '--name', name, '--kubeconfig', options.kubeconfigFile], env: kwokEnv(options) }, progress);
    removeKubeconfigEntries(options.kubeconfigFile, names.value);
    return err(cause);
  };
  try {
    progress(`creating kwok cluster ${name}${options.binaries?.['kube-apiserver'] ? ' on the locally built binaries' : ''}`);
    // Ports are picked by probing: creations on this machine take turns (see folderLock.ts).
    const locked = await withFolderLock(
      kwokCreationLock(),
      () =>
        runTool(
          runner,
          {
            command: kwokctl,
            args: ['create', 'cluster', '--name', name, '--config', configFile, '--kubeconfig', options.kubeconfigFile, '--wait', '3m'],
            env: kwokEnv(options),
          },
          `create cluster ${name}`,
          progress,
          options.signal,
        ),
      { onWait: (lock) => progress(`waiting for another kwok cluster creation to finish (lock ${lock})`), ...(options.signal ? { signal: options.signal } : {}) },
    );
    // Nothing was created when the lock was never taken: nothing to roll back.
    if (!locked.ok) return err(locked.error);
    const created = locked.value;
    if (!created.ok) return rollback(created.error);
    const nodes = await createPoolNodes(options.kubeconfigFile, names.value.context, cluster, pools, options);
    if (!nodes.ok) return rollback(nodes.error);
    const selected = selectContextInFile(options.kubeconfigFile, names.value.context);
    if (!selected.ok) return rollback(selected.error);
    return ok({ cluster: name, context: names.value.context, kubeconfigFile: options.kubeconfigFile, nodes: nodes.value });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function selectContextInFile(file: string, context: string): Result<void, KubeError> {
  const kc = loadKubeconfig({ kubeconfigEnv: file });
  if (!kc.ok) return kc;
  return writeCurrentContext(kc.value, context);
}

async function createPoolNodes(file: string, context: string, cluster: Cluster, pools: readonly NodePool[], options: KwokOptions): Promise<Result<string[], KubeError>> {
  const kc = loadKubeconfig({ kubeconfigEnv: file });
  if (!kc.ok) return kc;
  const target = selectTarget(kc.value, { context });
  if (!target.ok) return target;
  const client = await connect(target.value);
  if (!client.ok) return client;
  const nodes: string[] = [];
  const podCIDR = clusterPodCIDR(cluster);
  for (const pool of pools) {
    const desired = desiredNodes(pool);
    options.onProgress?.(`node pool ${pool.metadata.name}: ${desired} x ${pool.spec.instanceType}`);
    const scaled = await scaleKwokPool(client.value, pool, desired, options.catalog, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(podCIDR !== undefined ? { podCIDR } : {}),
      timeoutMs: options.timeoutMs ?? 120_000,
    });
    if (!scaled.ok) return scaled;
    nodes.push(...scaled.value.nodes);
  }
  return ok(nodes);
}

/** `kwokctl delete cluster`; the context goes with it. */
export async function kwokClusterDown(name: string, options: Omit<KwokOptions, 'catalog'>): Promise<Result<void, KubeError>> {
  const names = provisionedNames('kwok', name);
  if (!names.ok) return names;
  return deleteCluster({ command: options.binaries?.kwokctl ?? 'kwokctl', env: kwokEnv(options as KwokOptions) }, name, names.value, options);
}

/** `<tool> delete cluster --name <name>`, then the context, cluster and user entries it wrote. */
async function deleteCluster(tool: Omit<ToolCommand, 'args'>, name: string, names: ProvisionedNames, options: ProvisionOptions): Promise<Result<void, KubeError>> {
  const deleted = await runTool(
    options.runner ?? spawnRunner,
    { ...tool, args: ['delete', 'cluster', '--name', name, '--kubeconfig', options.kubeconfigFile] },
    `delete cluster ${name}`,
    options.onProgress ?? (() => undefined),
    options.signal,
  );
  if (!deleted.ok) return deleted;
  const removed = removeKubeconfigEntries(options.kubeconfigFile, names);
  return removed.ok ? ok(undefined) : removed;
}

/** The kind node image for a full version ("1.31.2"); none (kind's default) for "1.31". */
export function kindNodeImage(version: string | undefined): string | undefined {
  const v = version?.replace(/^v/, '');
  return v && /^\d+\.\d+\.\d+$/.test(v) ? `kindest/node:v${v}` : undefined;
}

/** The `kind create cluster` command line for a config file. */
export function kindCreateArgs(cluster: Cluster, configFile: string, kubeconfigFile: string): string[] {
  const image = kindNodeImage(cluster.spec.kubernetesVersion);
  return ['create', 'cluster', '--name', cluster.metadata.name, '--config', configFile, '--kubeconfig', kubeconfigFile, ...(image ? ['--image', image] : []), '--wait', '5m'];
}

/** `kind create cluster --config`, streaming its progress; the context `kind-<name>` is selected. */
export async function kindClusterUp(cluster: Cluster, options: KindOptions): Promise<Result<ProvisionResult, KubeError>> {
  const runner = options.runner ?? spawnRunner;
  const progress = options.onProgress ?? (() => undefined);
  const name = cluster.metadata.name;
  const names = provisionedNames('kind', name);
  if (!names.ok) return names;
  const kind = options.kind ?? 'kind';
  if (cluster.spec.provider !== 'kind') return err(kubeError('invalid', `Cluster ${name} has provider ${cluster.spec.provider}, not kind.`));
  if (contextExists(options.kubeconfigFile, names.value.context)) {
    return err(kubeError('conflict', `Context ${names.value.context} already exists in ${options.kubeconfigFile}; run \`berth cluster down\` for ${name} first, or remove the context.`));
  }
  const tmp = mkdtempSync(join(tmpdir(), 'berth-kind-'));
  const configFile = join(tmp, 'kind-config.yaml');
  writeFileSync(configFile, stringify(options.config));
  try {
    progress(`creating kind cluster ${name}`);
    const created = await runTool(runner, { command: kind, args: kindCreateArgs(cluster, configFile, options.kubeconfigFile) }, `create cluster ${name}`, progress, options.signal);
    const selected = created.ok ? selectContextInFile(options.kubeconfigFile, names.value.context) : created;
    if (!selected.ok) {
      progress(`rolling back: deleting kind cluster ${name}`);
      await runner({ command: kind, args: ['delete', 'cluster', '--name', name, '--kubeconfig', options.kubeconfigFile] }, progress);
      removeKubeconfigEntries(options.kubeconfigFile, names.value);
      return selected;
    }
    const nodes = nodeNamesOf(name, options.config);
    return ok({ cluster: name, context: names.value.context, kubeconfigFile: options.kubeconfigFile, nodes });
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
  const names = provisionedNames('kind', name);
  if (!names.ok) return names;
  return deleteCluster({ command: options.kind ?? 'kind' }, name, names.value, options);
}

/** What `clusterUp` needs besides the Cluster: the kubeconfig file, the catalog and, for kind, its executable. */
export interface ClusterUpOptions extends ProvisionOptions {
  readonly catalog: readonly InstanceType[];
  /** The kind executable; default `kind` on PATH. */
  readonly kind?: string;
}

/**
 * Creates the Cluster the way its provider does: kwok on the locally built control plane when
 * there is one (localKwokBinaries), kind with the rendered kind config. Registered clusters are
 * never created.
 */
export async function clusterUp(cluster: Cluster, pools: readonly NodePool[], options: ClusterUpOptions): Promise<Result<ProvisionResult, KubeError>> {
  const { catalog, kind, ...common } = options;
  const name = cluster.metadata.name;
  // Before the binaries are looked up or the kind config rendered (pools beyond the bounds would allocate).
  const refused = cluster.spec.provider === 'kind' || cluster.spec.provider === 'kwok' ? provisioningRefusal(cluster, pools) : undefined;
  if (refused) return err(refused);
  switch (cluster.spec.provider) {
    case 'kwok': {
      const binaries = localKwokBinaries();
      if (!binaries.ok) return err(kubeError('invalid', binaries.error));
      return kwokClusterUp(cluster, pools, { ...common, catalog, ...(binaries.value ? { binaries: binaries.value } : {}) });
    }
    case 'kind':
      return kindClusterUp(cluster, { ...common, config: renderKindConfig(cluster, pools), ...(kind ? { kind } : {}) });
    case 'registered':
      return err(kubeError('invalid', `Cluster ${name} is registered: Berth adopts its context and never creates it.`));
    default:
      return err(kubeError('invalid', `Cluster ${name}: unknown provider "${String(cluster.spec.provider)}"`));
  }
}

/** A cluster Berth created, as its provider names it. */
export interface ProvisionedCluster {
  readonly provider: string;
  readonly name: string;
}

/** The cluster behind a context Berth created (`kwok-<name>`, `kind-<name>`), else undefined. */
export function provisionedClusterOf(context: string): ProvisionedCluster | undefined {
  const m = /^(kwok|kind)-(.+)$/.exec(context);
  return m ? { provider: m[1]!, name: m[2]! } : undefined;
}

/** Deletes a kwok or kind cluster and its context; registered clusters are never deleted. */
export async function clusterDown(cluster: ProvisionedCluster, options: ProvisionOptions & { readonly kind?: string }): Promise<Result<void, KubeError>> {
  const { kind, ...common } = options;
  if (cluster.provider === 'kwok') {
    // A broken BERTH_BIN_DIR must not stand in the way of deleting: kwokctl from PATH does it too.
    const binaries = localKwokBinaries();
    return kwokClusterDown(cluster.name, { ...common, ...(binaries.ok && binaries.value ? { binaries: binaries.value } : {}) });
  }
  if (cluster.provider === 'kind') return kindClusterDown(cluster.name, { ...common, ...(kind ? { kind } : {}) });
  return err(kubeError('invalid', `Cluster ${cluster.name} is ${cluster.provider}: Berth never deletes it.`));
}
