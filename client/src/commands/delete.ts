import { accessResourceOf, deleteObject, resolveKind } from '../../../kube';
import { allowedOrExplained } from './permissionGate';
import { ensureTrusted } from '../trust';
import { reportError } from './feedback';
import type { CommandDeps } from './deps';
import { anyObjectFor, objectLabel } from './targets';

/** Berth: Delete: after a modal confirmation naming the object and the context; dependents go too. */
export function deleteCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<boolean> => {
    if (!ensureTrusted('Deleting')) return false;
    const picked = await anyObjectFor(deps, arg, 'Berth: Delete');
    if (!picked.ok) return void (await reportError(deps, picked.error, 'Delete')), false;
    const target = picked.value;
    if (!target) return false;
    const client = await deps.session.open(target.context, target.namespace);
    if (!client.ok) return void (await reportError(deps, client.error, 'Delete')), false;
    const info = await resolveKind(client.value, target.kind);
    if (!info.ok) return void (await reportError(deps, info.error, 'Delete')), false;
    // Asked before the confirmation: a refusal names the verb to ask for instead of failing after it.
    if (!(await allowedOrExplained(deps, client.value, 'delete', accessResourceOf(info.value), { ...(target.namespace ? { namespace: target.namespace } : {}), name: target.name }))) return false;
    const confirmed = await deps.prompts.confirm(`Delete ${objectLabel(target)} in context "${target.context}"?`, {
      detail: 'Objects it owns (ReplicaSets, Pods) are deleted by the cluster afterwards. This cannot be undone.',
      action: 'Delete',
    });
    if (!confirmed) return false;
    const deleted = await deleteObject(client.value, info.value, target.name, { propagation: 'background' });
    if (!deleted.ok) return void (await reportError(deps, deleted.error, `Delete ${objectLabel(target)}`)), false;
    deps.log.info(`deleted ${objectLabel(target)} in ${target.context}`);
    void deps.prompts.message('info', `Berth: deleted ${objectLabel(target)} in ${target.context}.`);
    return true;
  };
}
