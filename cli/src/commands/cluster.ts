import { parseArgs } from 'node:util';
import {
  formatKubeError,
  kindClusterDown,
  kindClusterUp,
  kubeconfigFiles,
  kwokClusterDown,
  kwokClusterUp,
  loadKubeconfig,
  localKwokBinaries,
  type ClusterSpec,
  type NodePoolSpec,
} from '../../../kube';
import { renderKindConfig } from '../../../platform/render';
import { KUBE_OPTIONS, interruptSignal, loadCatalog, readManifests } from '../clusterArgs';
import { UsageError } from '../usageError';
import type { CommandIo } from './validate';

export const CLUSTER_USAGE = `Usage: berth cluster up <file> [--cluster NAME] [--kind PATH]
       berth cluster down [<file>] [--cluster NAME] [--context C]

up    creates the Cluster defined in <file> (kwok: kwokctl with the locally built control plane
      when present, then the NodePools as simulated nodes; kind: kind create cluster with the
      rendered config, needs Docker or Podman). The new context (kwok-<name> or kind-<name>) is
      added to the first file of KUBECONFIG (else ~/.kube/config) and selected. A failure deletes
      the cluster again and leaves no context behind.
down  deletes it: the Cluster of <file>, else the one of --context, else of the current context.
--cluster picks one Cluster when the file defines several. Registered clusters are never created
or deleted.`;

interface Found {
  readonly cluster: ClusterSpec;
  readonly pools: NodePoolSpec[];
}

function findCluster(file: string, name: string | undefined): Found {
  const docs = readManifests([file]).map((d) => d.value as { apiVersion?: string; kind?: string; metadata?: { name?: string }; spec?: { cluster?: string } });
  const clusters = docs.filter((d) => d?.apiVersion === 'berth.dev/v1alpha1' && d.kind === 'Cluster');
  const names = clusters.map((c) => c.metadata?.name ?? '?');
  if (clusters.length === 0) throw new UsageError(`${file} defines no Cluster`);
  const chosen = name ? clusters.find((c) => c.metadata?.name === name) : clusters.length === 1 ? clusters[0] : undefined;
  if (!chosen) throw new UsageError(name ? `${file} defines no Cluster "${name}" (it defines ${names.join(', ')})` : `${file} defines several Clusters (${names.join(', ')}): pick one with --cluster`);
  const clusterName = chosen.metadata?.name;
  const pools = docs.filter((d) => d?.apiVersion === 'berth.dev/v1alpha1' && d.kind === 'NodePool' && d.spec?.cluster === clusterName) as unknown as NodePoolSpec[];
  return { cluster: chosen as unknown as ClusterSpec, pools };
}

export async function runCluster(argv: readonly string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout(CLUSTER_USAGE + '\n');
    return sub === undefined ? 2 : 0;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { ...KUBE_OPTIONS, cluster: { type: 'string' }, kind: { type: 'string' } },
  });
  if (values.help) {
    io.stdout(CLUSTER_USAGE + '\n');
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`berth cluster ${sub} takes one file, not ${positionals.length}`);
  const kubeconfigFile = kubeconfigFiles()[0]!;
  const progress = (text: string) => io.stderr(`${text}\n`);
  const interrupt = interruptSignal();
  try {
    switch (sub) {
      case 'up': {
        if (positionals.length !== 1) throw new UsageError('berth cluster up needs the file that defines the Cluster');
        const { cluster, pools } = findCluster(positionals[0]!, values.cluster);
        const common = { kubeconfigFile, onProgress: progress, signal: interrupt.signal };
        let result;
        switch (cluster.spec?.provider) {
          case 'kwok': {
            const binaries = localKwokBinaries();
            if (!binaries.ok) throw new UsageError(binaries.error);
            result = await kwokClusterUp(cluster, pools, { ...common, catalog: loadCatalog(), ...(binaries.value ? { binaries: binaries.value } : {}) });
            break;
          }
          case 'kind':
            result = await kindClusterUp(cluster, { ...common, config: renderKindConfig(cluster, pools), ...(values.kind ? { kind: values.kind } : {}) });
            break;
          case 'registered':
            io.stderr(`berth: Cluster ${cluster.metadata.name} is registered: Berth adopts its context and never creates it.\n`);
            return 1;
          default:
            throw new UsageError(`Cluster ${cluster.metadata?.name}: unknown provider "${String(cluster.spec?.provider)}"`);
        }
        if (!result.ok) {
          io.stderr(`berth: ${formatKubeError(result.error)}\n`);
          return 1;
        }
        io.stdout(`Cluster ${result.value.cluster} is up: context "${result.value.context}" in ${result.value.kubeconfigFile} (selected)${result.value.nodes.length > 0 ? `; nodes: ${result.value.nodes.join(', ')}` : ''}\n`);
        return 0;
      }
      case 'down': {
        let provider: string;
        let name: string;
        if (positionals.length === 1) {
          const { cluster } = findCluster(positionals[0]!, values.cluster);
          provider = cluster.spec.provider;
          name = cluster.metadata.name;
        } else {
          const kc = loadKubeconfig();
          if (!kc.ok) {
            io.stderr(`berth: ${formatKubeError(kc.error)}\n`);
            return 1;
          }
          const context = values.context ?? kc.value.currentContext;
          const m = context ? /^(kwok|kind)-(.+)$/.exec(context) : null;
          if (!m) throw new UsageError(`${context ? `context "${context}" was not made by kwok or kind` : 'there is no current context'}; pass the Cluster's file: berth cluster down <file>`);
          provider = m[1]!;
          name = m[2]!;
        }
        const common = { kubeconfigFile, onProgress: progress, signal: interrupt.signal };
        let result;
        if (provider === 'kwok') {
          const binaries = localKwokBinaries();
          result = await kwokClusterDown(name, { ...common, ...(binaries.ok && binaries.value ? { binaries: binaries.value } : {}) });
        } else if (provider === 'kind') {
          result = await kindClusterDown(name, { ...common, ...(values.kind ? { kind: values.kind } : {}) });
        } else {
          io.stderr(`berth: Cluster ${name} is ${provider}: Berth never deletes it.\n`);
          return 1;
        }
        if (!result.ok) {
          io.stderr(`berth: ${formatKubeError(result.error)}\n`);
          return 1;
        }
        io.stdout(`Cluster ${name} (${provider}) deleted; context ${provider}-${name} removed from ${kubeconfigFile}\n`);
        return 0;
      }
      default:
        throw new UsageError(`unknown cluster command "${sub}": use up or down`);
    }
  } finally {
    interrupt.dispose();
  }
}
