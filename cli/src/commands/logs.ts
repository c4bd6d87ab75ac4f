import { parseArgs } from 'node:util';
import type { Result } from '../../../platform/result';
import { followWorkloadLogs, formatKubeError, logPrefix, parseDuration, parsePodSource, parseSinceTime, podLogs, podsOf, streamPodLog, type KubeError } from '../../../kube';
import { KUBE_OPTIONS, interruptSignal } from '../clusterArgs';
import { UsageError } from '../usageError';
import { openForCommand } from './scale';
import type { CommandIo } from './validate';

export const LOGS_USAGE = `Usage: berth logs <pod | pod/name | <workload kind>/name> [-c container] [-f] [--tail N] [--since D | --since-time T] [--previous] [--timestamps] [--context C] [--namespace N]

Prints the tail of a pod's log. For a workload (deployment, statefulset, daemonset, replicaset
or job, or kubectl's short names: deploy, sts, ds, rs), the logs of all its pods (matched by its
selector), each line prefixed [pod/container]; so is a pod's when it has several containers and
no -c is given.
  -c, --container C  only this container
  -f, --follow       keep printing new lines until Ctrl-C; for a workload, all its pods at once,
                     interleaved as lines arrive, and pods that start later join in
  --tail N           last N lines of each container (default 100; -1 for all)
  --since D          only lines newer than a duration: 30s, 5m, 1h30m
  --since-time T     only lines at or after an RFC 3339 time (2026-01-01T00:00:00Z)
  --previous         the previous (crashed) instance of each container
Exit status: 0 printed (or followed until Ctrl-C), 1 failed (another pod's logs are still
printed), 2 usage error.`;

/** The lines of `text`, each prefixed. */
export function prefixLines(prefix: string, text: string): string {
  if (text === '') return '';
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  return lines.map((l) => `${prefix}${l}\n`).join('');
}

export async function runLogs(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      ...KUBE_OPTIONS,
      container: { type: 'string', short: 'c' },
      follow: { type: 'boolean', short: 'f' },
      tail: { type: 'string' },
      since: { type: 'string' },
      'since-time': { type: 'string' },
      previous: { type: 'boolean' },
      timestamps: { type: 'boolean' },
    },
  });
  if (values.help) {
    io.stdout(LOGS_USAGE + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('berth logs needs exactly one pod or workload, e.g. berth logs deployment/web');
  const target = positionals[0]!;
  if (values.tail !== undefined && !/^(\d+|-1)$/.test(values.tail)) throw new UsageError(`--tail must be a whole number (or -1 for all lines), not "${values.tail}"`);
  const tailLines = values.tail === '-1' ? null : values.tail !== undefined ? Number(values.tail) : 100;
  if (values.since !== undefined && values['since-time'] !== undefined) throw new UsageError('use --since or --since-time, not both');
  const sinceSeconds = values.since !== undefined ? parseDuration(values.since) : undefined;
  if (values.since !== undefined && sinceSeconds === undefined) throw new UsageError(`--since must be a duration such as 30s, 5m or 1h30m, not "${values.since}"`);
  const sinceTime = values['since-time'] !== undefined ? parseSinceTime(values['since-time']) : undefined;
  if (values['since-time'] !== undefined && sinceTime === undefined) throw new UsageError(`--since-time must be an RFC 3339 time such as 2026-01-01T00:00:00Z, not "${values['since-time']}"`);
  if (values.follow && values.previous) throw new UsageError('--follow cannot follow a previous (ended) container');
  const since = { ...(sinceSeconds !== undefined ? { sinceSeconds } : {}), ...(sinceTime !== undefined ? { sinceTime } : {}) };
  const source = parsePodSource(target);
  if (!source.ok) throw new UsageError(source.error.message);
  const workload = source.value.kind !== 'Pod';

  const client = await openForCommand(values, io);
  if (!client) return 1;
  const interrupt = interruptSignal();
  try {
    const found = await podsOf(client, source.value, { signal: interrupt.signal });
    if (!found.ok) {
      io.stderr(`berth: ${formatKubeError(found.error)}\n`);
      return 1;
    }
    if (values.follow && found.value.selector !== undefined) {
      // A workload: its pods now and those that start later, until Ctrl-C.
      let failed = 0;
      const followed = await followWorkloadLogs(client, {
        labelSelector: found.value.selector,
        signal: interrupt.signal,
        ...(values.container !== undefined ? { container: values.container } : {}),
        ...(tailLines !== null ? { tailLines } : {}),
        ...since,
        timestamps: values.timestamps ?? false,
        onLine: ({ pod, container, text }) => io.stdout(`${logPrefix(pod, container)}${text}\n`),
        onError: ({ pod, container }, error) => {
          failed++;
          io.stderr(`berth: ${logPrefix(pod, container)}${formatKubeError(error)}\n`);
        },
      });
      if (!followed.ok) {
        io.stderr(`berth: ${formatKubeError(followed.error)}\n`);
        return 1;
      }
      return failed > 0 ? 1 : 0;
    }
    if (found.value.pods.length === 0) {
      io.stderr(`berth: ${target} has no pods in namespace "${client.namespace}"\n`);
      return 1;
    }
    const jobs: { pod: string; container: string }[] = [];
    for (const pod of found.value.pods) {
      const names = (pod.spec?.containers ?? []).map((c) => c.name);
      if (values.container !== undefined) {
        if (!names.includes(values.container)) {
          if (!workload) throw new UsageError(`pod ${pod.metadata.name} has no container "${values.container}"; it has ${names.join(', ')}`);
          continue;
        }
        jobs.push({ pod: pod.metadata.name ?? '?', container: values.container });
      } else {
        for (const container of names) jobs.push({ pod: pod.metadata.name ?? '?', container });
      }
    }
    if (jobs.length === 0) {
      io.stderr(`berth: no pod of ${target} has a container "${values.container}"\n`);
      return 1;
    }
    const prefixed = workload || jobs.length > 1;
    if (values.follow) {
      // One pod: each of its containers until Ctrl-C (or until the pod's log ends).
      const ended = await Promise.all(
        jobs.map((job) =>
          streamPodLog(client, job.pod, (text) => io.stdout(prefixed ? `${logPrefix(job.pod, job.container)}${text}\n` : `${text}\n`), {
            container: job.container,
            ...(tailLines !== null ? { tailLines } : {}),
            ...since,
            timestamps: values.timestamps ?? false,
            follow: true,
            signal: interrupt.signal,
          }),
        ),
      );
      const errors = ended.flatMap((r, i) => (r.ok ? [] : [`${logPrefix(jobs[i]!.pod, jobs[i]!.container)}${formatKubeError(r.error)}`]));
      for (const e of errors) io.stderr(`berth: ${e}\n`);
      return errors.length > 0 ? 1 : 0;
    }
    // Fetched a few at a time, printed in pod order.
    const results: Result<string, KubeError>[] = new Array(jobs.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(4, jobs.length) }, async () => {
        while (next < jobs.length) {
          const i = next++;
          const job = jobs[i]!;
          results[i] = await podLogs(client, job.pod, { container: job.container, tailLines, ...since, previous: values.previous ?? false, timestamps: values.timestamps ?? false, signal: interrupt.signal });
        }
      }),
    );
    let failed = 0;
    jobs.forEach((job, i) => {
      const r = results[i]!;
      if (!r.ok) {
        failed++;
        io.stderr(`berth: [${job.pod}/${job.container}] ${formatKubeError(r.error)}\n`);
      } else if (prefixed) io.stdout(prefixLines(`[${job.pod}/${job.container}] `, r.value));
      else io.stdout(r.value.endsWith('\n') || r.value === '' ? r.value : `${r.value}\n`);
    });
    return failed > 0 ? 1 : 0;
  } finally {
    interrupt.dispose();
  }
}
