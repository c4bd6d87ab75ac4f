import { isReadyPod, podsOf, type ForwardPod, type KubeClient, type PodOwnerKind } from '../../../kube';
import { ok, type Result } from '../../../platform/result';
import type { KubeError } from '../../../kube';
import { ensureTrusted } from '../trust';
import { allowedOrExplained } from './permissionGate';
import { reportError, reportProblem } from './feedback';
import type { CommandDeps } from './deps';
import { objectFor, targetOf, type ObjectTarget } from './targets';

const SHELL_KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job'];

/** A workload's ready pod: the only one, or the one the user picks; a pod is itself. */
export async function podOf(deps: CommandDeps, client: KubeClient, target: ObjectTarget, title: string): Promise<Result<ForwardPod | undefined, KubeError>> {
  const found = await podsOf(client, { kind: target.kind as 'Pod' | PodOwnerKind, name: target.name, ...(target.namespace ? { namespace: target.namespace } : {}) });
  if (!found.ok) return found;
  const pods = (found.value.pods as ForwardPod[]).filter((p) => target.kind === 'Pod' || isReadyPod(p));
  if (pods.length <= 1) return ok(pods[0]);
  return ok(await deps.prompts.pick(pods.map((p) => ({ label: p.metadata.name ?? '?', description: p.status?.phase ?? '', value: p })), { title, placeHolder: `A pod of ${target.kind} ${target.name}` }));
}

/** Berth: Open Shell: a terminal attached to a container of a pod (of a workload: a pod picked). */
export function openShellCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<string | undefined> => {
    if (!ensureTrusted('Opening a shell')) return undefined;
    const title = 'Berth: Open Shell';
    const node = targetOf(arg);
    const picked = await objectFor(deps, arg, SHELL_KINDS, title);
    if (!picked.ok) return void (await reportError(deps, picked.error, 'Open shell'));
    const target = picked.value;
    if (!target) return undefined;
    const namespace = target.namespace ?? deps.session.namespaceOf(target.context);
    const client = await deps.session.open(target.context, namespace);
    if (!client.ok) return void (await reportError(deps, client.error, 'Open shell'));
    const pod = await podOf(deps, client.value, target, title);
    if (!pod.ok) return void (await reportError(deps, pod.error, 'Open shell'));
    if (!pod.value) {
      if (target.kind !== 'Pod') await reportProblem(deps, `${target.kind} ${target.name} has no ready pod to open a shell in.`);
      return undefined;
    }
    const podName = pod.value.metadata.name ?? target.name;
    if (!(await allowedOrExplained(deps, client.value, 'create', { group: '', resource: 'pods', subresource: 'exec' }, { namespace, name: podName }))) return undefined;
    const containers = (pod.value.spec?.containers ?? []).map((c) => c.name);
    let container = node?.type === 'container' ? node.container : undefined;
    if (container === undefined && containers.length > 1) {
      container = await deps.prompts.pick(containers.map((c) => ({ label: c, value: c })), { title, placeHolder: `A container of pod ${podName}` });
      if (container === undefined) return undefined;
    }
    const name = `Berth shell: ${podName}${container ? `/${container}` : ''} (${target.context})`;
    const terminal = deps.shells.open(name, { client: client.value, pod: podName, namespace, ...(container ? { container } : {}) }, {
      askCommand: (message) => deps.prompts.input({ title, prompt: `${message}. A command to run instead:`, validate: (text) => (text.trim() === '' ? 'Type a command, e.g. /bin/busybox sh' : undefined) }),
      log: (message) => deps.log.warn(message),
    });
    terminal.show();
    return name;
  };
}
