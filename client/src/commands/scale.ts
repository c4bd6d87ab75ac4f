import { objectPath, scaleWorkload, staticResource, type WorkloadKind } from '../../../kube';
import { ensureTrusted } from '../trust';
import { reportError, withCancellableProgress } from './feedback';
import type { CommandDeps } from './deps';
import { countProblem } from './inputs';
import { objectFor, objectLabel } from './targets';

/** Berth: Scale: an input box prefilled with the current replica count, then the scale subresource. */
export function scaleCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<{ previous: number; replicas: number } | undefined> => {
    if (!ensureTrusted('Scaling')) return undefined;
    const picked = await objectFor(deps, arg, ['Deployment', 'StatefulSet'], 'Berth: Scale');
    if (!picked.ok) return void (await reportError(deps, picked.error, 'Scale'));
    const target = picked.value;
    if (!target) return undefined;
    const client = await deps.session.open(target.context, target.namespace);
    if (!client.ok) return void (await reportError(deps, client.error, 'Scale'));
    const kind = target.kind as WorkloadKind;
    const namespace = client.value.namespace;
    const resource = staticResource(kind);
    const current = await client.value.request<{ spec?: { replicas?: number } }>({
      method: 'GET',
      path: objectPath(resource, namespace, target.name, 'scale'),
      operation: { verb: 'get', resource: `${resource.plural}/scale`, namespace, name: target.name },
    });
    if (!current.ok) return void (await reportError(deps, current.error, `Scale ${objectLabel(target)}`));
    const now = current.value.body.spec?.replicas ?? 0;
    const text = await deps.prompts.input({
      title: `Berth: Scale ${objectLabel(target)} (${target.context})`,
      prompt: `Replicas (now ${now})`,
      value: String(now),
      validate: (t) => countProblem(t, 'Replicas'),
    });
    if (text === undefined) return undefined;
    const replicas = Number(text.trim());
    const scaled = await withCancellableProgress(`Berth: scaling ${objectLabel(target)} to ${replicas}`, (signal) =>
      scaleWorkload(client.value, { kind, name: target.name, namespace }, replicas, { signal }),
    );
    if (!scaled.ok) return void (await reportError(deps, scaled.error, `Scale ${objectLabel(target)}`));
    deps.log.info(`scale ${objectLabel(target)} in ${target.context}: ${scaled.value.previous} -> ${scaled.value.replicas}`);
    void deps.prompts.message('info', `Berth: ${objectLabel(target)} scaled from ${scaled.value.previous} to ${scaled.value.replicas} replicas.`);
    return scaled.value;
  };
}
