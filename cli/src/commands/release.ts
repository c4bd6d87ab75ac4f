import { parseArgs } from 'node:util';
import { formatKubeError, promoteCanary, switchBlueGreen, type Color, type KubeClient } from '../../../kube';
import { inEachCluster } from './applicationClusters';
import { ACTIVE_COLOR_ANNOTATION } from '../../../platform/render/labels';
import { KUBE_OPTIONS, interruptSignal } from '../clusterArgs';
import { UsageError } from '../usageError';
import { openForCommand } from './scale';
import type { CommandIo } from './validate';

const CLUSTERS_NOTE = `--file names the files holding the Application (and its Clusters): when it lists several
clusters, the command runs in each cluster's context (as berth deploy resolves it), or only in
--cluster NAME; a cluster that fails is named and the others still run.`;

export const PROMOTE_USAGE = `Usage: berth promote <application> [--timeout S] [--dry-run] [--context C] [--namespace N]
       berth promote <application> --file F... [--cluster NAME] [--timeout S] [--dry-run]

Promotes the canary of an Application with release.strategy canary: Deployment <app> (the stable
track) gets the pod spec of <app>-canary and its replicas (unless an HPA scales it), and once that
rollout is complete (--timeout, default 300 s) <app>-canary is scaled to 0 (kept, not deleted: the
next berth deploy renders it again anyway). Then set spec.image (and the canary weight) in the
Application's file, or the next berth deploy reports conflicts on those fields.
${CLUSTERS_NOTE}
Exit status: 0 promoted, 1 failed (a stable rollout that does not complete keeps the canary), 2 usage error.`;

export const SWITCH_USAGE = `Usage: berth switch <application> [--to blue|green] [--force] [--dry-run] [--context C] [--namespace N]
       berth switch <application> --file F... [--cluster NAME] [--to blue|green] [--force] [--dry-run]

Switches a blueGreen Application: Service <app> selects the other colour (or --to), once
Deployment <app>-<colour> is rolled out with available pods (--force skips that check). Then set
the annotation ${ACTIVE_COLOR_ANNOTATION} on the Application, or the next berth deploy reports a
conflict on the Service's selector.
${CLUSTERS_NOTE}
Exit status: 0 switched (or already there), 1 failed or refused, 2 usage error.`;

const CLUSTER_OPTIONS = { file: { type: 'string', short: 'f', multiple: true }, cluster: { type: 'string' } } as const;

/** Runs `run` in each cluster the Application lists in --file, else on the target context. */
async function onClusters(app: string, values: { file?: string[]; cluster?: string; context?: string; namespace?: string }, io: CommandIo, run: (client: KubeClient) => Promise<number>): Promise<number> {
  if (values.file !== undefined) {
    if (values.context !== undefined) throw new UsageError('--context and --file do not go together: with --file each cluster of the Application gives its own context');
    const status = await inEachCluster(app, { files: values.file, ...(values.cluster !== undefined ? { cluster: values.cluster } : {}), ...(values.namespace !== undefined ? { namespace: values.namespace } : {}) }, io, run);
    if (status !== undefined) return status;
  } else if (values.cluster !== undefined) {
    throw new UsageError('--cluster needs --file: the Application and its Clusters are read from there');
  }
  const client = await openForCommand(values, io);
  return client ? run(client) : 1;
}

function application(positionals: string[], command: string): string {
  if (positionals.length !== 1 || !positionals[0]) throw new UsageError(`berth ${command} needs exactly one Application name`);
  const name = positionals[0];
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) throw new UsageError(`"${name}" is not an Application name`);
  return name;
}

export async function runPromote(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { ...KUBE_OPTIONS, ...CLUSTER_OPTIONS, timeout: { type: 'string', default: '300' }, 'dry-run': { type: 'boolean' } } });
  if (values.help) {
    io.stdout(PROMOTE_USAGE + '\n');
    return 0;
  }
  const app = application(positionals, 'promote');
  if (!/^\d+$/.test(values.timeout) || Number(values.timeout) === 0) throw new UsageError('--timeout must be a whole number of seconds > 0');
  return onClusters(app, values, io, (client) => promoteIn(client, app, values, io));
}

async function promoteIn(client: KubeClient, app: string, values: { timeout: string; 'dry-run'?: boolean }, io: CommandIo): Promise<number> {
  const interrupt = interruptSignal();
  try {
    let last = '';
    const promoted = await promoteCanary(client, app, {
      signal: interrupt.signal,
      timeoutMs: Number(values.timeout) * 1000,
      dryRun: values['dry-run'] ?? false,
      onProgress: (m) => {
        if (m !== last) io.stderr(`${m}\n`);
        last = m;
      },
    });
    if (!promoted.ok) {
      io.stderr(`berth: ${formatKubeError(promoted.error)}\n`);
      return 1;
    }
    const p = promoted.value;
    if (p.unchanged) io.stdout(`${app}: nothing to promote: deployment ${p.stable} already runs ${p.images.join(', ')} and ${p.canary} has 0 replicas\n`);
    else
      io.stdout(
        `${app}: promoted ${p.images.join(', ')} (was ${p.previousImages.join(', ')}); deployment ${p.stable} ${p.stableReplicas.previous} -> ${p.stableReplicas.replicas} replicas, ${p.canary} ${p.canaryReplicas.previous} -> 0${values['dry-run'] ? ' (server dry run)' : ''}\n`,
      );
    return 0;
  } finally {
    interrupt.dispose();
  }
}

export async function runSwitch(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { ...KUBE_OPTIONS, ...CLUSTER_OPTIONS, to: { type: 'string' }, force: { type: 'boolean' }, 'dry-run': { type: 'boolean' } } });
  if (values.help) {
    io.stdout(SWITCH_USAGE + '\n');
    return 0;
  }
  const app = application(positionals, 'switch');
  if (values.to !== undefined && values.to !== 'blue' && values.to !== 'green') throw new UsageError(`--to must be blue or green, not "${values.to}"`);
  return onClusters(app, values, io, (client) => switchIn(client, app, values, io));
}

async function switchIn(client: KubeClient, app: string, values: { to?: string; force?: boolean; 'dry-run'?: boolean }, io: CommandIo): Promise<number> {
  const interrupt = interruptSignal();
  try {
    const switched = await switchBlueGreen(client, app, {
      signal: interrupt.signal,
      ...(values.to ? { to: values.to as Color } : {}),
      force: values.force ?? false,
      dryRun: values['dry-run'] ?? false,
    });
    if (!switched.ok) {
      io.stderr(`berth: ${formatKubeError(switched.error)}\n`);
      return 1;
    }
    const s = switched.value;
    if (s.unchanged) io.stdout(`${app}: service ${s.service} already selects ${s.to}\n`);
    else io.stdout(`${app}: service ${s.service} switched from ${s.from} to ${s.to}${values['dry-run'] ? ' (server dry run)' : ''}; set ${ACTIVE_COLOR_ANNOTATION}: ${s.to} on the Application\n`);
    return 0;
  } finally {
    interrupt.dispose();
  }
}
