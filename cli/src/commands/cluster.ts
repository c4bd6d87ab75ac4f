import { parseArgs } from 'node:util';
import { clusterDown, clusterUp, formatKubeError, kubeconfigFiles, loadKubeconfig, provisionedClusterOf } from '../../../kube';
import { clustersIn, poolsOfCluster, type Cluster, type NodePool } from '../../../platform/model';
import { KUBE_OPTIONS, interruptSignal, loadCatalog, readManifestFiles, readManifests } from '../clusterArgs';
import { manifestErrors } from '../manifestErrors';
import { formatText } from '../output/textFormat';
import { UsageError } from '../usageError';
import type { CommandIo } from './validate';

export const CLUSTER_USAGE = `Usage: berth cluster up <file> [--cluster NAME] [--kind PATH]
       berth cluster down [<file>] [--cluster NAME] [--context C]

up    checks <file> as berth validate does (any error refuses, and nothing runs), then creates
      the Cluster defined in it (kwok: kwokctl with the locally built control plane when
      present, then the NodePools as simulated nodes; kind: kind create cluster with the
      rendered config, needs Docker or Podman). The new context (kwok-<name> or kind-<name>) is
      added to the first file of KUBECONFIG (else ~/.kube/config) and selected. A failure deletes
      the cluster again and leaves no context behind.
down  deletes it: the Cluster of <file>, else the one of --context, else of the current context.
--cluster picks one Cluster when the file defines several. Registered clusters are never created
or deleted.`;

interface Found {
  readonly cluster: Cluster;
  readonly pools: NodePool[];
}

function findCluster(file: string, name: string | undefined): Found {
  const docs = readManifests([file]).map((d) => d.value);
  const clusters = clustersIn(docs);
  const names = clusters.map((c) => c.metadata.name);
  if (clusters.length === 0) throw new UsageError(`${file} defines no Cluster`);
  const chosen = name ? clusters.find((c) => c.metadata.name === name) : clusters.length === 1 ? clusters[0] : undefined;
  if (!chosen) throw new UsageError(name ? `${file} defines no Cluster "${name}" (it defines ${names.join(', ')})` : `${file} defines several Clusters (${names.join(', ')}): pick one with --cluster`);
  return { cluster: chosen, pools: poolsOfCluster(docs, chosen.metadata.name) };
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
        // What kind or kwokctl would be given is checked as `berth validate` checks it, first.
        const invalid = manifestErrors(readManifestFiles([positionals[0]!]));
        if (invalid.length > 0) {
          io.stderr(`berth: ${invalid.map((r) => r.file).join(', ')} does not validate; nothing was created:\n${formatText(invalid)}`);
          return 1;
        }
        const { cluster, pools } = findCluster(positionals[0]!, values.cluster);
        const result = await clusterUp(cluster, pools, { kubeconfigFile, onProgress: progress, signal: interrupt.signal, catalog: loadCatalog(), ...(values.kind ? { kind: values.kind } : {}) });
        if (!result.ok) {
          io.stderr(`berth: ${formatKubeError(result.error)}\n`);
          return 1;
        }
        io.stdout(`Cluster ${result.value.cluster} is up: context "${result.value.context}" in ${result.value.kubeconfigFile} (selected)${result.value.nodes.length > 0 ? `; nodes: ${result.value.nodes.join(', ')}` : ''}\n`);
        return 0;
      }
      case 'down': {
        let target;
        if (positionals.length === 1) {
          const { cluster } = findCluster(positionals[0]!, values.cluster);
          target = { provider: cluster.spec.provider, name: cluster.metadata.name };
        } else {
          const kc = loadKubeconfig();
          if (!kc.ok) {
            io.stderr(`berth: ${formatKubeError(kc.error)}\n`);
            return 1;
          }
          const context = values.context ?? kc.value.currentContext;
          target = context ? provisionedClusterOf(context) : undefined;
          if (!target) throw new UsageError(`${context ? `context "${context}" was not made by kwok or kind` : 'there is no current context'}; pass the Cluster's file: berth cluster down <file>`);
        }
        const result = await clusterDown(target, { kubeconfigFile, onProgress: progress, signal: interrupt.signal, ...(values.kind ? { kind: values.kind } : {}) });
        if (!result.ok) {
          io.stderr(`berth: ${formatKubeError(result.error)}\n`);
          return 1;
        }
        io.stdout(`Cluster ${target.name} (${target.provider}) deleted; context ${target.provider}-${target.name} removed from ${kubeconfigFile}\n`);
        return 0;
      }
      default:
        throw new UsageError(`unknown cluster command "${sub}": use up or down`);
    }
  } finally {
    interrupt.dispose();
  }
}
