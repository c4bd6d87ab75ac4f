import { parseArgs } from 'node:util';
import { formatKubeError, openCluster, parseWorkloadRef, scaleWorkload, type KubeClient, type WorkloadRef } from '../../../kube';
import { KUBE_OPTIONS, interruptSignal, type KubeFlags } from '../clusterArgs';
import { UsageError } from '../usageError';
import type { CommandIo } from './validate';

export const SCALE_USAGE = `Usage: berth scale <kind>/<name> --replicas N [--context C] [--namespace N]

Sets the replica count of a Deployment or StatefulSet through its scale subresource
(deployment/web, deploy/web, statefulset/db, sts/db; a bare name is a Deployment) and prints the
previous and new counts. Follow the rollout with: berth rollout status <kind>/<name>.
Exit status: 0 scaled, 1 the cluster refused or failed, 2 usage error.`;

/** Opens the cluster the --context/--namespace flags name (kubectl's kubeconfig rules); prints the error. */
export async function openForCommand(values: KubeFlags, io: CommandIo): Promise<KubeClient | undefined> {
  const client = await openCluster({ ...(values.context ? { context: values.context } : {}), ...(values.namespace ? { namespace: values.namespace } : {}) });
  if (!client.ok) {
    io.stderr(`berth: ${formatKubeError(client.error)}\n`);
    return undefined;
  }
  return client.value;
}

/** "deployment/web" as a WorkloadRef; a usage error when it is not one. */
export function workloadArgument(text: string | undefined, command: string): WorkloadRef {
  if (!text) throw new UsageError(`${command} needs a workload: deployment/<name> or statefulset/<name>`);
  const ref = parseWorkloadRef(text);
  if (!ref.ok) throw new UsageError(ref.error.message);
  return ref.value;
}

/** "deployment.apps/web" */
export function workloadId(ref: WorkloadRef): string {
  return `${ref.kind.toLowerCase()}.apps/${ref.name}`;
}

export async function runScale(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { ...KUBE_OPTIONS, replicas: { type: 'string' } } });
  if (values.help) {
    io.stdout(SCALE_USAGE + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('berth scale needs exactly one workload, e.g. berth scale deployment/web --replicas 3');
  const ref = workloadArgument(positionals[0], 'berth scale');
  const replicas = Number(values.replicas);
  if (values.replicas === undefined || !/^\d+$/.test(values.replicas) || !Number.isInteger(replicas)) throw new UsageError('--replicas must be a whole number >= 0');
  const client = await openForCommand(values, io);
  if (!client) return 1;
  const interrupt = interruptSignal();
  try {
    const scaled = await scaleWorkload(client, ref, replicas, { signal: interrupt.signal });
    if (!scaled.ok) {
      io.stderr(`berth: ${formatKubeError(scaled.error)}\n`);
      return 1;
    }
    io.stdout(`${workloadId(ref)} scaled from ${scaled.value.previous} to ${scaled.value.replicas} (namespace ${client.namespace}, context ${client.context})\n`);
    return 0;
  } finally {
    interrupt.dispose();
  }
}
