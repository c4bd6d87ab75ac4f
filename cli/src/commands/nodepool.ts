import { parseArgs } from 'node:util';
import { formatKubeError, isAutoscaled, openCluster, poolToScale, reconcileAutoscale, refuseKindPoolScaling, runAutoscaler, scaleKwokPool, type AutoscaleAction } from '../../../kube';
import { isNodePool } from '../../../platform/model';
import { KUBE_OPTIONS, interruptSignal, loadCatalog, readManifests } from '../clusterArgs';
import { UsageError } from '../usageError';
import type { CommandIo } from './validate';

export const NODEPOOL_USAGE = `Usage: berth nodepool scale <pool> --to N [--file F] [--context C]
       berth nodepool autoscale <files|dirs...> [--once] [--interval S] [--context C]

Scales a node pool of a kwok cluster to N simulated nodes: adds nodes with the pool's instance
capacity, labels, berth.dev/nodepool label and taints, or drains (cordon, evict pods) and deletes
the highest-numbered ones. The pool comes from the NodePool in --file, else from its existing
nodes. kind pools are fixed when the cluster is created; registered pools are not scaled.

autoscale: the NodePools with scaling.autoscale: true in the files follow pending pods between
scaling.min and scaling.max: pods the scheduler has no room for that would fit a pool's node
add nodes; nodes running nothing but DaemonSet pods are drained and removed. Runs a pass every
--interval seconds (default 10) until Ctrl-C; --once runs one pass.
Exit status: 0 done (or stopped with Ctrl-C), 1 the cluster refused or failed, 2 usage error.`;

export async function runNodepool(argv: readonly string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout(NODEPOOL_USAGE + '\n');
    return sub === undefined ? 2 : 0;
  }
  if (sub === 'autoscale') return runAutoscale(rest, io);
  if (sub !== 'scale') throw new UsageError(`unknown nodepool command "${sub}": use scale or autoscale`);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { ...KUBE_OPTIONS, to: { type: 'string' }, file: { type: 'string', short: 'f' }, timeout: { type: 'string', default: '120' } },
  });
  if (values.help) {
    io.stdout(NODEPOOL_USAGE + '\n');
    return 0;
  }
  const pool = positionals[0];
  if (!pool || positionals.length !== 1) throw new UsageError('berth nodepool scale needs one pool name');
  const to = Number(values.to);
  if (values.to === undefined || !Number.isInteger(to) || to < 0) throw new UsageError('--to must be a whole number >= 0');
  const timeoutSeconds = Number(values.timeout);
  if (!(timeoutSeconds > 0)) throw new UsageError('--timeout must be a number of seconds');

  const client = await openCluster(values.context ? { context: values.context } : {});
  if (!client.ok) {
    io.stderr(`berth: ${formatKubeError(client.error)}\n`);
    return 1;
  }
  const interrupt = interruptSignal();
  try {
    let document;
    if (values.file) {
      document = readManifests([values.file]).map((d) => d.value).filter(isNodePool).find((d) => d.metadata.name === pool);
      if (!document) throw new UsageError(`${values.file} defines no NodePool "${pool}"`);
    }
    const target = await poolToScale(client.value, pool, document, loadCatalog(), { signal: interrupt.signal });
    if (!target.ok) {
      io.stderr(`berth: ${formatKubeError(target.error)}\n`);
      return 1;
    }
    const scaled = await scaleKwokPool(client.value, target.value.pool, to, target.value.catalog, {
      signal: interrupt.signal,
      timeoutMs: timeoutSeconds * 1000,
      onProgress: (text) => io.stderr(`${text}\n`),
      ...(target.value.podCIDR !== undefined ? { podCIDR: target.value.podCIDR } : {}),
    });
    if (!scaled.ok) {
      io.stderr(`berth: ${formatKubeError(scaled.error)}\n`);
      return 1;
    }
    io.stdout(`Node pool ${pool}: ${scaled.value.previous} -> ${scaled.value.nodes.length} nodes${scaled.value.nodes.length > 0 ? ` (${scaled.value.nodes.join(', ')})` : ''}\n`);
    return 0;
  } finally {
    interrupt.dispose();
  }
}

function actionLine(a: AutoscaleAction): string {
  return `node pool ${a.pool}: ${a.action} ${a.nodes.join(', ')} (${a.reason})`;
}

async function runAutoscale(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { ...KUBE_OPTIONS, once: { type: 'boolean' }, interval: { type: 'string', default: '10' } },
  });
  if (values.help) {
    io.stdout(NODEPOOL_USAGE + '\n');
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('berth nodepool autoscale needs the files or directories holding the NodePools');
  const intervalSeconds = Number(values.interval);
  if (!(intervalSeconds > 0)) throw new UsageError(`--interval must be a number of seconds, not "${values.interval}"`);
  const pools = readManifests(positionals).map((d) => d.value).filter(isNodePool);
  const autoscaled = pools.filter(isAutoscaled);
  if (autoscaled.length === 0) {
    throw new UsageError(`no NodePool in ${positionals.join(', ')} has scaling.autoscale: true${pools.length > 0 ? ` (found ${pools.map((p) => p.metadata.name).join(', ')})` : ''}`);
  }
  const client = await openCluster(values.context ? { context: values.context } : {});
  if (!client.ok) {
    io.stderr(`berth: ${formatKubeError(client.error)}\n`);
    return 1;
  }
  if (client.value.context.startsWith('kind-')) {
    io.stderr(`berth: ${refuseKindPoolScaling(autoscaled[0]!.metadata.name, client.value.context.slice('kind-'.length)).message}\n`);
    return 1;
  }
  const catalog = loadCatalog();
  const interrupt = interruptSignal();
  try {
    if (values.once) {
      const pass = await reconcileAutoscale(client.value, autoscaled, catalog, { signal: interrupt.signal, onProgress: (text) => io.stderr(`${text}\n`) });
      if (!pass.ok) {
        io.stderr(`berth: ${formatKubeError(pass.error)}\n`);
        return 1;
      }
      for (const a of pass.value) io.stdout(actionLine(a) + '\n');
      if (pass.value.length === 0) io.stdout(`node pools ${autoscaled.map((p) => p.metadata.name).join(', ')}: nothing to do\n`);
      return 0;
    }
    io.stderr(`autoscaling ${autoscaled.map((p) => p.metadata.name).join(', ')} in context "${client.value.context}" every ${intervalSeconds}s; Ctrl-C stops\n`);
    const ran = await runAutoscaler(client.value, autoscaled, catalog, {
      signal: interrupt.signal,
      intervalMs: intervalSeconds * 1000,
      onProgress: (text) => io.stderr(`${text}\n`),
      onActions: (actions) => actions.forEach((a) => io.stdout(actionLine(a) + '\n')),
      onError: (error) => io.stderr(`berth: ${formatKubeError(error)} (retrying)\n`),
    });
    if (!ran.ok) {
      io.stderr(`berth: ${formatKubeError(ran.error)}\n`);
      return 1;
    }
    return 0;
  } finally {
    interrupt.dispose();
  }
}
