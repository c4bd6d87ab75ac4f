import { promoteCanary, switchBlueGreen } from '../../../kube';
import { ensureTrusted } from '../trust';
import { reportError, withCancellableProgress } from './feedback';
import type { CommandDeps } from './deps';
import { objectFor, targetOf } from './targets';
import { workspacePlatformDocuments } from './platformDocuments';

/**
 * The Application a release command acts on: a Platform view Application, else a Deployment
 * (its name without the -canary/-blue/-green suffix), else one the user picks.
 */
async function application(deps: CommandDeps, arg: unknown, title: string): Promise<{ context: string; namespace?: string; app: string } | undefined> {
  if (!ensureTrusted(title.replace(/^Berth: /, ''))) return undefined;
  const target = targetOf(arg);
  if (target?.type === 'platformDocument' && target.kind === 'Application') {
    const context = target.context ?? deps.session.selection().context;
    // The Application's own namespace, not the context's: its Deployments and Service live there.
    const document = (await workspacePlatformDocuments(deps)).find((d) => d.kind === 'Application' && d.uri === target.uri && d.name === target.name);
    return context ? { context, ...(document?.namespace ? { namespace: document.namespace } : {}), app: target.name } : undefined;
  }
  const picked = await objectFor(deps, arg, ['Deployment', 'Service'], title);
  if (!picked.ok) return void (await reportError(deps, picked.error, title));
  if (!picked.value) return undefined;
  const { context, namespace, name } = picked.value;
  return { context, ...(namespace ? { namespace } : {}), app: name.replace(/-(canary|blue|green)$/, '') };
}

/** Berth: Promote Canary: the stable Deployment takes the canary's pod spec, then the canary goes to 0. */
export function promoteCanaryCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<boolean> => {
    const chosen = await application(deps, arg, 'Berth: Promote Canary');
    if (!chosen) return false;
    const client = await deps.session.open(chosen.context, chosen.namespace);
    if (!client.ok) return void (await reportError(deps, client.error, 'Promote canary')), false;
    const promoted = await withCancellableProgress(`Berth: promoting the canary of ${chosen.app}`, (signal, progress) =>
      promoteCanary(client.value, chosen.app, { signal, onProgress: (m) => { progress.report(m); deps.log.info(`promote ${chosen.app}: ${m}`); } }),
    );
    if (!promoted.ok) return void (await reportError(deps, promoted.error, `Promote canary ${chosen.app}`)), false;
    const r = promoted.value;
    void deps.prompts.message('info', r.unchanged ? `Berth: ${chosen.app}: the stable Deployment already runs the canary.` : `Berth: ${chosen.app}: canary promoted (${r.images.join(', ')}); canary scaled to 0.`);
    return true;
  };
}

/** Berth: Switch Blue-Green: the Service selects the other colour once it is fully available. */
export function switchBlueGreenCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<boolean> => {
    const chosen = await application(deps, arg, 'Berth: Switch Blue-Green');
    if (!chosen) return false;
    const client = await deps.session.open(chosen.context, chosen.namespace);
    if (!client.ok) return void (await reportError(deps, client.error, 'Switch blue-green')), false;
    const switched = await switchBlueGreen(client.value, chosen.app);
    if (!switched.ok) return void (await reportError(deps, switched.error, `Switch ${chosen.app}`)), false;
    const r = switched.value;
    deps.log.info(`switch ${chosen.app}: ${r.from} -> ${r.to}${r.unchanged ? ' (unchanged)' : ''}`);
    void deps.prompts.message('info', r.unchanged ? `Berth: ${chosen.app} already serves ${r.to}.` : `Berth: ${chosen.app} now serves ${r.to} (was ${r.from}).`);
    return true;
  };
}
