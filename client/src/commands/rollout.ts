import { restartRollout, rolloutHistory, rolloutStatus, undoRollout, type WorkloadKind } from '../../../kube';
import { ensureTrusted } from '../trust';
import { reportError, withCancellableProgress } from './feedback';
import type { CommandDeps } from './deps';
import { objectFor, objectLabel, type ObjectTarget } from './targets';

async function workload(deps: CommandDeps, arg: unknown, kinds: readonly WorkloadKind[], title: string): Promise<ObjectTarget | undefined> {
  if (!ensureTrusted(title.replace(/^Berth: /, ''))) return undefined;
  const picked = await objectFor(deps, arg, kinds, title);
  if (!picked.ok) return void (await reportError(deps, picked.error, title));
  return picked.value;
}

/** Berth: Rollout Restart: every pod of the workload is replaced (the pod template is stamped). */
export function rolloutRestartCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<boolean> => {
    const target = await workload(deps, arg, ['Deployment', 'StatefulSet'], 'Berth: Rollout Restart');
    if (!target) return false;
    const client = await deps.session.open(target.context, target.namespace);
    if (!client.ok) return void (await reportError(deps, client.error, 'Rollout restart')), false;
    const restarted = await restartRollout(client.value, { kind: target.kind as WorkloadKind, name: target.name });
    if (!restarted.ok) return void (await reportError(deps, restarted.error, `Rollout restart ${objectLabel(target)}`)), false;
    deps.log.info(`rollout restart ${objectLabel(target)} in ${target.context}`);
    void deps.prompts.message('info', `Berth: ${objectLabel(target)} is restarting; Berth: Rollout Status follows it.`, 'Rollout Status').then((choice) => {
      if (choice) void rolloutStatusCommand(deps)(target);
    });
    return true;
  };
}

/** Berth: Rollout Status: a progress notification until the rollout completes; Cancel stops waiting. */
export function rolloutStatusCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const target = await workload(deps, arg, ['Deployment', 'StatefulSet'], 'Berth: Rollout Status');
    if (!target) return undefined;
    const client = await deps.session.open(target.context, target.namespace);
    if (!client.ok) return void (await reportError(deps, client.error, 'Rollout status'));
    const status = await withCancellableProgress(`Berth: rollout of ${objectLabel(target)}`, (signal, progress) =>
      rolloutStatus(client.value, { kind: target.kind as WorkloadKind, name: target.name }, {
        signal,
        onProgress: (state) => {
          progress.report(state.message);
          deps.log.info(`rollout ${objectLabel(target)}: ${state.message}`);
        },
      }),
    );
    if (!status.ok) return void (await reportError(deps, status.error, `Rollout status ${objectLabel(target)}`));
    void deps.prompts.message('info', `Berth: ${status.value.message} (${status.value.available}/${status.value.desired} available).`);
    return status.value.message;
  };
}

/** Berth: Rollout Undo: pick a revision (the previous one first) and put its pod template back. */
export function rolloutUndoCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<number | undefined> => {
    const target = await workload(deps, arg, ['Deployment'], 'Berth: Rollout Undo');
    if (!target) return undefined;
    const client = await deps.session.open(target.context, target.namespace);
    if (!client.ok) return void (await reportError(deps, client.error, 'Rollout undo'));
    const ref = { kind: 'Deployment' as const, name: target.name };
    const history = await rolloutHistory(client.value, ref);
    if (!history.ok) return void (await reportError(deps, history.error, `Rollout history ${objectLabel(target)}`));
    const older = history.value.filter((r) => !r.current).sort((a, b) => b.revision - a.revision);
    if (older.length === 0) {
      void deps.prompts.message('info', `Berth: ${objectLabel(target)} has no earlier revision to go back to.`);
      return undefined;
    }
    const revision = await deps.prompts.pick(
      older.map((r) => ({ label: `Revision ${r.revision}`, description: r.images.join(', '), detail: r.changeCause ?? (r.created ? `created ${r.created}` : undefined), value: r.revision })),
      { title: `Berth: Rollout Undo ${objectLabel(target)}`, placeHolder: 'The revision to go back to' },
    );
    if (revision === undefined) return undefined;
    const undone = await undoRollout(client.value, ref, { toRevision: revision });
    if (!undone.ok) return void (await reportError(deps, undone.error, `Rollout undo ${objectLabel(target)}`));
    const what = undone.value.skipped ? `already runs revision ${revision}'s template: nothing changed` : `rolls back to revision ${revision} (${undone.value.images.join(', ')})`;
    deps.log.info(`rollout undo ${objectLabel(target)}: ${what}`);
    void deps.prompts.message('info', `Berth: ${objectLabel(target)} ${what}.`);
    return revision;
  };
}
