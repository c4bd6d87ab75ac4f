import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { formatHistory, formatKubeError, parseRolloutRef, restartRollout, rolloutHistory, rolloutStatus, undoRollout, type RolloutRef } from '../../../kube';
import { KUBE_OPTIONS, interruptSignal } from '../clusterArgs';
import { UsageError } from '../usageError';
import { openForCommand } from './scale';
import type { CommandIo } from './validate';

export const ROLLOUT_USAGE = `Usage: berth rollout status|restart|history|undo <kind>/<name> [options] [--context C] [--namespace N]

  status <workload> [--timeout S]    Follow the rollout until it completes (kubectl's messages);
                                     --timeout 0 prints the current state only (default 300)
  restart <workload>                 Replace every pod (stamps the pod template)
  history <workload> [--revision R]  The revisions with change cause and images (Deployments:
                                     their ReplicaSets; StatefulSets and DaemonSets: their
                                     ControllerRevisions); --revision prints that pod template
  undo <workload> [--to-revision R] [--dry-run]
                                     Roll back to revision R (default: the previous one)
Workloads: deployment/<name> (deploy/), statefulset/<name> (sts/), daemonset/<name> (ds/);
a bare name is a Deployment.
Exit status: 0 done, 1 failed or timed out (status: not complete), 2 usage error.`;

function wholeNumber(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} must be a whole number, not "${text}"`);
  return Number(text);
}

export async function runRollout(argv: readonly string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout(ROLLOUT_USAGE + '\n');
    return sub === undefined ? 2 : 0;
  }
  if (!['status', 'restart', 'history', 'undo'].includes(sub)) throw new UsageError(`unknown rollout command "${sub}": use status, restart, history or undo`);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { ...KUBE_OPTIONS, 'to-revision': { type: 'string' }, revision: { type: 'string' }, timeout: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  });
  if (values.help) {
    io.stdout(ROLLOUT_USAGE + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`berth rollout ${sub} needs exactly one workload, e.g. deployment/web`);
  const parsed = parseRolloutRef(positionals[0]!);
  if (!parsed.ok) throw new UsageError(parsed.error.message);
  const ref = parsed.value;
  if (values['to-revision'] !== undefined && sub !== 'undo') throw new UsageError('--to-revision belongs to berth rollout undo');
  if (values.revision !== undefined && sub !== 'history') throw new UsageError('--revision belongs to berth rollout history');
  if (values.timeout !== undefined && sub !== 'status') throw new UsageError('--timeout belongs to berth rollout status');
  const toRevision = wholeNumber(values['to-revision'], '--to-revision');
  const revision = wholeNumber(values.revision, '--revision');
  const timeoutSeconds = wholeNumber(values.timeout, '--timeout') ?? 300;

  const client = await openForCommand(values, io);
  if (!client) return 1;
  const interrupt = interruptSignal();
  const fail = (message: string) => {
    io.stderr(`berth: ${message}\n`);
    return 1;
  };
  try {
    const signal = interrupt.signal;
    switch (sub) {
      case 'status': {
        const status = await rolloutStatus(client, ref, { signal, timeoutMs: timeoutSeconds * 1000, onProgress: (s) => io.stdout(`${s.message}\n`) });
        if (!status.ok) return fail(formatKubeError(status.error));
        return status.value.done ? 0 : 1;
      }
      case 'restart': {
        const restarted = await restartRollout(client, ref, { signal });
        if (!restarted.ok) return fail(formatKubeError(restarted.error));
        io.stdout(`${workloadId(ref)} restarted\n`);
        return 0;
      }
      case 'history': {
        const history = await rolloutHistory(client, ref, { signal });
        if (!history.ok) return fail(formatKubeError(history.error));
        if (revision !== undefined) {
          const row = history.value.find((r) => r.revision === revision);
          if (!row) return fail(`${ref.kind.toLowerCase()} "${ref.name}" has no revision ${revision}; it has ${history.value.map((r) => r.revision).join(', ') || 'none'}`);
          io.stdout(`${workloadId(ref)} with revision #${row.revision} (${row.replicaSet})\nPod Template:\n${stringify(row.template).replace(/^/gm, '  ')}`);
          return 0;
        }
        io.stdout(formatHistory(ref.name, history.value, ref.kind) + '\n');
        return 0;
      }
      case 'undo': {
        const undone = await undoRollout(client, ref, { signal, ...(toRevision !== undefined ? { toRevision } : {}), dryRun: values['dry-run'] ?? false });
        if (!undone.ok) return fail(formatKubeError(undone.error));
        const u = undone.value;
        if (u.skipped) io.stdout(`${workloadId(ref)} skipped rollback (current template already matches revision ${u.revision})\n`);
        else io.stdout(`${workloadId(ref)} rolled back to revision ${u.revision} (${u.images.join(', ')})${values['dry-run'] ? ' (server dry run)' : ''}\n`);
        return 0;
      }
    }
    return 2;
  } finally {
    interrupt.dispose();
  }
}

/** "deployment.apps/web", "daemonset.apps/agent" */
function workloadId(ref: RolloutRef): string {
  return `${ref.kind.toLowerCase()}.apps/${ref.name}`;
}
