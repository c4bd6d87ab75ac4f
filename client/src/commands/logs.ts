import { ok, type Result } from '../../../platform/result';
import { followWorkloadLogs, logPrefix, parsePodSource, podsOf, streamPodLog, workloadPodSelector, type KubeClient, type KubeError } from '../../../kube';
import { ensureTrusted } from '../trust';
import { reportError, reportProblem } from './feedback';
import type { CommandDeps } from './deps';
import { LogStreams } from './logStreams';
import { objectFor, objectLabel, targetOf, type ObjectTarget } from './targets';

export { LogStreams };

/**
 * Follows the target's logs until `signal` aborts: a pod's containers, or every container of
 * every pod of a workload (pods that start later join), the last `tail` lines first. Lines carry
 * a [pod/container] prefix when there can be more than one source.
 */
async function follow(deps: CommandDeps, client: KubeClient, target: ObjectTarget, tail: number, signal: AbortSignal, append: (text: string) => void): Promise<Result<void, KubeError>> {
  const onError = (source: { pod: string; container: string }, error: KubeError) => {
    if (!signal.aborted) append(`--- ${logPrefix(source.pod, source.container)}${error.message} ---\n`);
  };
  const source = parsePodSource(`${target.kind}/${target.name}`);
  if (!source.ok) return source;
  if (source.value.kind !== 'Pod') {
    const selector = await workloadPodSelector(client, { ...source.value, kind: source.value.kind }, { signal });
    if (!selector.ok) return selector;
    return followWorkloadLogs(client, {
      labelSelector: selector.value,
      tailLines: tail,
      signal,
      onLine: ({ pod, container, text }) => append(`${logPrefix(pod, container)}${text}\n`),
      onError,
      onJoin: ({ pod, container }) => deps.log.debug(`logs: following ${pod}/${container}`),
    });
  }
  const found = await podsOf(client, source.value, { signal });
  if (!found.ok) return found;
  const pod = found.value.pods[0]!;
  const containers = (pod.spec?.containers ?? []).map((c) => c.name);
  await Promise.all(
    containers.map(async (container) => {
      const prefix = containers.length > 1 ? logPrefix(target.name, container) : '';
      const streamed = await streamPodLog(client, target.name, (line) => append(`${prefix}${line}\n`), { container, tailLines: tail, follow: true, signal });
      if (!streamed.ok) onError({ pod: target.name, container }, streamed.error);
    }),
  );
  return ok(undefined);
}

/** Berth: Show Logs: a workload's or pod's logs in their own output channel, followed until Stop. */
export function showLogsCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<string | undefined> => {
    if (!ensureTrusted('Showing logs')) return undefined;
    const picked = await objectFor(deps, arg, ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'Pod'], 'Berth: Show Logs');
    if (!picked.ok) return void (await reportError(deps, picked.error, 'Show logs'));
    const target = picked.value;
    if (!target) return undefined;
    const client = await deps.session.open(target.context, target.namespace);
    if (!client.ok) return void (await reportError(deps, client.error, 'Show logs'));
    const setting = deps.ctx.config.logsTail();
    if (!setting.ok) return void (await reportProblem(deps, setting.error));
    const tail = setting.value;
    const name = `Berth logs: ${objectLabel(target)} (${target.context})`;
    const stream = deps.logs.start(name);
    stream.channel.show(true);
    stream.append(`--- following ${objectLabel(target)} in ${target.context}, last ${tail} lines per container; Berth: Stop Following Logs ends it ---\n`);
    void follow(deps, client.value, target, tail, stream.signal, stream.append).then(
      async (followed) => {
        if (!followed.ok) {
          stream.append(`--- ${followed.error.message} ---\n`);
          deps.logs.stop(name);
          await reportError(deps, followed.error, `Show logs ${objectLabel(target)}`);
        }
      },
      (error: unknown) => deps.log.error(`logs ${name}: ${String(error)}`),
    );
    return name;
  };
}

/** Berth: Stop Following Logs: the node's stream, the only one, or one the user picks. */
export function stopLogsCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const running = deps.logs.following();
    const target = targetOf(arg);
    let name: string | undefined;
    if (typeof arg === 'string') name = arg;
    else if (target?.type === 'object') name = running.find((n) => n === `Berth logs: ${objectLabel(target)} (${target.context})`);
    else if (running.length === 1) name = running[0];
    else if (running.length > 1) name = await deps.prompts.pick(running.map((n) => ({ label: n.replace(/^Berth logs: /, ''), value: n })), { title: 'Berth: Stop Following Logs' });
    if (name === undefined) {
      if (running.length === 0) void deps.prompts.message('info', 'Berth: no logs are being followed.');
      return undefined;
    }
    deps.logs.stop(name);
    return name;
  };
}
