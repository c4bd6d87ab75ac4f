import { parseArgs } from 'node:util';
import { formatCpuUsage, formatKubeError, formatMemoryUsage, kubectlCpu, kubectlMemory, kubectlPercent, readClusterUsage } from '../../../kube';
import type { PodUsage } from '../../../kube';
import { KUBE_OPTIONS, interruptSignal } from '../clusterArgs';
import { escapeControlCharacters } from '../output/terminalText';
import { UsageError } from '../usageError';
import { openForCommand } from './scale';
import type { CommandIo } from './validate';

export const TOP_USAGE = `Usage: berth top nodes|pools|pods|apps [-n N | -A] [--context C]

Shows current CPU and memory from metrics.k8s.io (metrics-server; the local cluster runs one).
nodes and pods print kubectl top's columns (CPU in millicores, memory in Mi; nodes with their
share of allocatable); pools (against allocatable) and apps (Applications, against their pods'
requests) are Berth's own. pods and apps cover the namespace (-n, else the context's), or every
namespace with -A.
Exit status: 0 shown, 1 the cluster did not answer (or serves no metrics), 2 usage error.`;

const KINDS = ['nodes', 'pools', 'pods', 'apps'] as const;
type Kind = (typeof KINDS)[number];

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('   ')).join('\n') + '\n';
}

/** kubectl top pod's columns; NAMESPACE first when every namespace is shown (-A). */
function podRows(pods: readonly PodUsage[], allNamespaces: boolean): string[][] {
  const header = ['NAME', 'CPU(cores)', 'MEMORY(bytes)'];
  const rows = pods.map((p) => [p.name, kubectlCpu(p.usage), kubectlMemory(p.usage)]);
  return allNamespaces ? [['NAMESPACE', ...header], ...rows.map((r, i) => [pods[i]!.namespace, ...r])] : [header, ...rows];
}

export async function runTop(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { ...KUBE_OPTIONS, 'all-namespaces': { type: 'boolean', short: 'A' } } });
  if (values.help) {
    io.stdout(TOP_USAGE + '\n');
    return 0;
  }
  const kind = positionals[0] as Kind | undefined;
  if (positionals.length !== 1 || !KINDS.includes(kind!)) throw new UsageError(`berth top needs one of ${KINDS.join(', ')}`);
  if (values['all-namespaces'] && values.namespace) throw new UsageError('-A and -n exclude each other');
  const client = await openForCommand(values, io);
  if (!client) return 1;
  const interrupt = interruptSignal();
  try {
    const namespace = values['all-namespaces'] ? undefined : client.namespace;
    const usage = await readClusterUsage(client, { namespace, signal: interrupt.signal });
    if (!usage.ok) {
      io.stderr(`berth: ${formatKubeError(usage.error)}\n`);
      return 1;
    }
    const u = usage.value;
    const rows: string[][] =
      kind === 'nodes' ? [['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)'], ...u.nodes.map((n) => [n.name, kubectlCpu(n.usage), kubectlPercent(n.usage?.cpu, n.allocatable.cpu), kubectlMemory(n.usage), kubectlPercent(n.usage?.memory, n.allocatable.memory)])]
      : kind === 'pools' ? [['POOL', 'NODES', 'CPU', 'MEMORY'], ...u.pools.map((p) => [p.pool, String(p.nodes), formatCpuUsage(p.usage, p.allocatable), formatMemoryUsage(p.usage, p.allocatable)])]
      : kind === 'pods' ? podRows(u.pods, namespace === undefined)
      : [['NAMESPACE', 'APPLICATION', 'PODS', 'CPU', 'MEMORY'], ...u.applications.map((a) => [a.namespace, a.application, String(a.pods), formatCpuUsage(a.usage, a.requests), formatMemoryUsage(a.usage, a.requests)])];
    if (rows.length === 1) {
      io.stdout(`no ${kind}${namespace && kind !== 'nodes' && kind !== 'pools' ? ` in namespace ${escapeControlCharacters(namespace)}` : ''}\n`);
      return 0;
    }
    io.stdout(table(rows.map((r) => r.map(escapeControlCharacters))));
    return 0;
  } finally {
    interrupt.dispose();
  }
}
