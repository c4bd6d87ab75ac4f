import { parseArgs } from 'node:util';
import type { Result } from '../../../common/result';
import { formatKubeError, parseWorkloadRef, podLogs, type KubeClient, type KubeError, type KubeObject } from '../../../client/src/kube';
import { KUBE_OPTIONS, interruptSignal } from '../kube/shared';
import { UsageError } from '../usageError';
import { openForCommand } from './scale';
import type { CommandIo } from './validate';

export const LOGS_USAGE = `Usage: berth logs <pod | pod/name | deployment/name | statefulset/name> [-c container] [--tail N] [--previous] [--timestamps] [--context C] [--namespace N]

Prints the tail of a pod's log. For a workload, the logs of all its pods (matched by its
selector), each line prefixed [pod/container]; so is a pod's when it has several containers and
no -c is given.
  -c, --container C  only this container
  --tail N           last N lines of each container (default 100)
  --previous         the previous (crashed) instance of each container
Exit status: 0 printed, 1 failed (another pod's logs are still printed), 2 usage error.`;

interface Pod extends KubeObject {
  spec?: { containers?: { name: string }[] };
}

interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** A LabelSelector as the labelSelector query parameter. */
export function selectorQuery(selector: Selector | undefined): string {
  const parts = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector?.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

/** The lines of `text`, each prefixed. */
export function prefixLines(prefix: string, text: string): string {
  if (text === '') return '';
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  return lines.map((l) => `${prefix}${l}\n`).join('');
}

async function podsOf(client: KubeClient, target: string, signal: AbortSignal): Promise<Result<Pod[], KubeError>> {
  const namespace = client.namespace;
  const ns = encodeURIComponent(namespace);
  const isPod = !target.includes('/') || /^(pods?|po)\//i.test(target);
  if (isPod) {
    const name = target.includes('/') ? target.slice(target.indexOf('/') + 1) : target;
    const r = await client.request<Pod>({ method: 'GET', path: `/api/v1/namespaces/${ns}/pods/${encodeURIComponent(name)}`, operation: { verb: 'get', resource: 'pods', namespace, name }, signal });
    return r.ok ? { ok: true, value: [r.value.body] } : r;
  }
  const ref = parseWorkloadRef(target);
  if (!ref.ok) throw new UsageError(`"${target}" is not a pod or a workload: use <pod>, pod/<name>, deployment/<name> or statefulset/<name>`);
  const plural = ref.value.kind === 'Deployment' ? 'deployments' : 'statefulsets';
  const workload = await client.request<KubeObject & { spec?: { selector?: Selector } }>({
    method: 'GET',
    path: `/apis/apps/v1/namespaces/${ns}/${plural}/${encodeURIComponent(ref.value.name)}`,
    operation: { verb: 'get', resource: plural, namespace, name: ref.value.name },
    signal,
  });
  if (!workload.ok) return workload;
  const labelSelector = selectorQuery(workload.value.body.spec?.selector);
  const pods = await client.request<{ items: Pod[] }>({
    method: 'GET',
    path: `/api/v1/namespaces/${ns}/pods`,
    query: { labelSelector },
    operation: { verb: 'list', resource: 'pods', namespace },
    signal,
  });
  if (!pods.ok) return pods;
  return { ok: true, value: pods.value.body.items.sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '')) };
}

export async function runLogs(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { ...KUBE_OPTIONS, container: { type: 'string', short: 'c' }, tail: { type: 'string' }, previous: { type: 'boolean' }, timestamps: { type: 'boolean' } },
  });
  if (values.help) {
    io.stdout(LOGS_USAGE + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('berth logs needs exactly one pod or workload, e.g. berth logs deployment/web');
  const target = positionals[0]!;
  if (values.tail !== undefined && !/^\d+$/.test(values.tail)) throw new UsageError(`--tail must be a whole number, not "${values.tail}"`);
  const tailLines = values.tail !== undefined ? Number(values.tail) : 100;
  const workload = target.includes('/') && !/^(pods?|po)\//i.test(target);

  const client = await openForCommand(values, io);
  if (!client) return 1;
  const interrupt = interruptSignal();
  try {
    const pods = await podsOf(client, target, interrupt.signal);
    if (!pods.ok) {
      io.stderr(`berth: ${formatKubeError(pods.error)}\n`);
      return 1;
    }
    if (pods.value.length === 0) {
      io.stderr(`berth: ${target} has no pods in namespace "${client.namespace}"\n`);
      return 1;
    }
    const jobs: { pod: string; container: string }[] = [];
    for (const pod of pods.value) {
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
    // Fetched a few at a time, printed in pod order.
    const results: Result<string, KubeError>[] = new Array(jobs.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(4, jobs.length) }, async () => {
        while (next < jobs.length) {
          const i = next++;
          const job = jobs[i]!;
          results[i] = await podLogs(client, job.pod, { container: job.container, tailLines, previous: values.previous ?? false, timestamps: values.timestamps ?? false, signal: interrupt.signal });
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
