import { formatKubeError, objectPath, portChoices, startPortForward, type ForwardKind, type KubeObject } from '../../../kube';
import { ensureTrusted } from '../trust';
import { PortForwards, type ActiveForward } from '../views/portForwards';
import { allowedOrExplained } from './permissionGate';
import { reportError, reportProblem } from './feedback';
import type { CommandDeps } from './deps';
import { infoOf, objectFor, objectLabel } from './targets';

const FORWARD_KINDS = ['Service', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet'];

/** What the command returns, for tests and other commands. */
export interface StartedForward {
  readonly id: string;
  readonly localPort: number;
}

function localPortProblem(text: string): string | undefined {
  return /^\d{1,5}$/.test(text.trim()) && Number(text) <= 65_535 ? undefined : 'A port number from 1 to 65535, or 0 for any free port';
}

/** Berth: Port Forward: a local port to a pod, a Service (one of its ready pods) or a workload. */
export function portForwardCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<StartedForward | undefined> => {
    if (!ensureTrusted('Port forwarding')) return undefined;
    const title = 'Berth: Port Forward';
    const picked = await objectFor(deps, arg, FORWARD_KINDS, title);
    if (!picked.ok) return void (await reportError(deps, picked.error, 'Port forward'));
    const target = picked.value;
    if (!target) return undefined;
    const namespace = target.namespace ?? deps.session.namespaceOf(target.context);
    const client = await deps.session.open(target.context, namespace);
    if (!client.ok) return void (await reportError(deps, client.error, 'Port forward'));
    if (!(await allowedOrExplained(deps, client.value, 'create', { group: '', resource: 'pods', subresource: 'portforward' }, { namespace }))) return undefined;

    const info = infoOf(target.kind);
    const got = await client.value.request<KubeObject>({ method: 'GET', path: objectPath(info, namespace, target.name), operation: { verb: 'get', resource: info.plural, namespace, name: target.name } });
    if (!got.ok) return void (await reportError(deps, got.error, 'Port forward'));
    const choices = portChoices(got.value.body);
    let remote: number | string | undefined;
    let suggested: number | undefined;
    if (choices.length === 1) ({ remote, number: suggested } = choices[0]!);
    else if (choices.length > 1) {
      const choice = await deps.prompts.pick(choices.map((c) => ({ label: c.label, description: c.description, value: c })), { title, placeHolder: `The port of ${objectLabel(target)} to forward to` });
      if (!choice) return undefined;
      ({ remote, number: suggested } = choice);
    } else {
      const typed = await deps.prompts.input({ title, prompt: `${objectLabel(target)} declares no ports: the port number to forward to`, validate: (t) => (/^\d{1,5}$/.test(t.trim()) && Number(t) >= 1 && Number(t) <= 65_535 ? undefined : 'A port number from 1 to 65535') });
      if (typed === undefined) return undefined;
      remote = suggested = Number(typed.trim());
    }
    const localText = await deps.prompts.input({ title, prompt: `The local port on 127.0.0.1 (0 picks a free one) forwarding to ${objectLabel(target)} port ${remote}`, value: String(suggested ?? 0), validate: localPortProblem });
    if (localText === undefined) return undefined;

    let active: ActiveForward | undefined;
    const targetText = `${target.kind === 'Service' ? 'svc' : target.kind.toLowerCase()}/${target.name}`;
    const started = await startPortForward(client.value, { kind: target.kind as ForwardKind, name: target.name, namespace }, { local: Number(localText.trim()), remote: remote! }, {
      onEvent: (event) => {
        if (!active) return;
        deps.forwards.noteEvent(active, event);
        const where = `${active.forward.address}:${active.forward.localPort}`;
        if (event.kind === 'pod' && event.previous) void deps.prompts.message('info', `Berth: pod ${event.previous} of ${targetText} went away; ${where} forwards to pod ${event.pod} now.`);
        else if (event.kind === 'noReadyPod') void deps.prompts.message('warning', `Berth: ${targetText} has no ready pod${event.previous ? ` since ${event.previous} went away` : ''}; connections to ${where} are refused until one is ready.`);
        else if (event.kind === 'connectionFailed') deps.log.warn(`port forward ${where}: ${event.message}`);
      },
    });
    if (!started.ok) return void (await reportError(deps, started.error, `Port forward ${objectLabel(target)}`));
    const added = deps.forwards.add(target.context, targetText, started.value);
    active = added;
    void started.value.done.then(async (done) => {
      // Ended by itself (its pod went away), not by Stop: say so.
      if (deps.forwards.stop(added.id) && !done.ok) await reportProblem(deps, formatKubeError(done.error));
    });
    deps.log.info(`port forward ${PortForwards.label(added)} (context ${target.context})`);
    void deps.prompts.message('info', `Berth: forwarding ${PortForwards.label(added)}; stop it in the Port Forwards view.`);
    return { id: added.id, localPort: started.value.localPort };
  };
}

/** Berth: Stop Port Forward: the view's row, the only forward, or one the user picks. */
export function stopPortForwardCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<boolean> => {
    const running = deps.forwards.list();
    let id: string | undefined;
    if (typeof arg === 'string') id = arg;
    else if (typeof arg === 'object' && arg !== null && typeof (arg as { id?: unknown }).id === 'string') id = (arg as { id: string }).id;
    else if (running.length === 1) id = running[0]!.id;
    else if (running.length > 1) id = await deps.prompts.pick(running.map((f) => ({ label: PortForwards.label(f), description: f.context, value: f.id })), { title: 'Berth: Stop Port Forward' });
    if (id === undefined) {
      if (running.length === 0) void deps.prompts.message('info', 'Berth: no port is being forwarded.');
      return false;
    }
    return deps.forwards.stop(id);
  };
}
