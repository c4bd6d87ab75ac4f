/**
 * Berth: Roll Back Helm Release… and Berth: Uninstall Helm Release…, on the Clusters view's
 * Helm rows or from the palette. Both run helm (kube/helm) and refresh the release folder.
 */
import { helmHistory, helmRollback, helmUninstall } from '../../../../kube';
import { ensureTrusted } from '../../trust';
import type { CommandDeps } from '../deps';
import { reportError, withCancellableProgress } from '../feedback';
import { helmRevisionOf } from './helmNodeArgs';
import { releaseFor, type ReleaseChoice } from './pickRelease';

export const ROLL_BACK = 'Roll Back';
export const UNINSTALL = 'Uninstall';

/** What the command did, for the caller (tests). */
export interface HelmActionSummary {
  readonly context: string;
  readonly namespace: string;
  readonly release: string;
  readonly done: boolean;
  readonly revision?: number;
}

/** The revision to go back to: the clicked one, else one picked from the history (the current one left out). */
async function revisionFor(deps: CommandDeps, arg: unknown, choice: ReleaseChoice): Promise<number | undefined> {
  const node = helmRevisionOf(arg);
  if (node) return node.revision.revision;
  const history = await withCancellableProgress(`Berth: reading the history of ${choice.release}`, (signal) => helmHistory(choice.target, choice.namespace, choice.release, signal));
  if (!history.ok) return void (await reportError(deps, history.error, `Roll back ${choice.release}`));
  const current = choice.revision ?? history.value.at(-1)?.revision;
  const earlier = history.value.filter((r) => r.revision !== current).reverse();
  if (earlier.length === 0) return void (await deps.prompts.message('info', `Berth: release "${choice.release}" has no earlier revision to roll back to.`));
  return deps.prompts.pick(
    earlier.map((r) => ({ label: `revision ${r.revision}`, description: [r.status, r.chart, r.appVersion].filter(Boolean).join(' · '), detail: `${r.description} (${r.updated})`, value: r.revision })),
    { title: `Berth: Roll Back ${choice.release}`, placeHolder: 'The revision to go back to' },
  );
}

export function helmRollbackCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<HelmActionSummary | undefined> => {
    if (!ensureTrusted('Rolling back a Helm release')) return undefined;
    const choice = await releaseFor(deps, arg, 'Berth: Roll Back Helm Release');
    if (!choice) return undefined;
    const revision = await revisionFor(deps, arg, choice);
    if (revision === undefined) return undefined;
    const base = { context: choice.context, namespace: choice.namespace, release: choice.release, revision };
    const node = helmRevisionOf(arg);
    if (node?.current) {
      void deps.prompts.message('info', `Berth: revision ${revision} is the current revision of "${choice.release}": nothing to roll back.`);
      return { ...base, done: false };
    }
    const confirmed = await deps.prompts.confirm(`Roll release "${choice.release}" in namespace ${choice.namespace} of context "${choice.context}" back to revision ${revision}?`, {
      detail: 'helm makes a new revision with the values and chart of that one.',
      action: ROLL_BACK,
    });
    if (!confirmed) return { ...base, done: false };
    const done = await withCancellableProgress(`Berth: rolling ${choice.release} back to revision ${revision}`, (signal) => helmRollback(choice.target, choice.namespace, choice.release, revision, signal));
    deps.clusters.refreshHelmReleases(choice.context, choice.namespace);
    if (!done.ok) return void (await reportError(deps, done.error, `Roll back ${choice.release}`)), { ...base, done: false };
    deps.log.info(`helm: rolled ${choice.release} in ${choice.context}/${choice.namespace} back to revision ${revision}`);
    void deps.prompts.message('info', `Berth: rolled release "${choice.release}" back to revision ${revision}.`);
    return { ...base, done: true };
  };
}

export function helmUninstallCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<HelmActionSummary | undefined> => {
    if (!ensureTrusted('Uninstalling a Helm release')) return undefined;
    const choice = await releaseFor(deps, arg, 'Berth: Uninstall Helm Release');
    if (!choice) return undefined;
    const base = { context: choice.context, namespace: choice.namespace, release: choice.release };
    const confirmed = await deps.prompts.confirm(`Uninstall release "${choice.release}" from namespace ${choice.namespace} of context "${choice.context}"?`, {
      detail: 'helm deletes every object of the release and its history.',
      action: UNINSTALL,
    });
    if (!confirmed) return { ...base, done: false };
    const done = await withCancellableProgress(`Berth: uninstalling ${choice.release}`, (signal) => helmUninstall(choice.target, choice.namespace, choice.release, signal));
    deps.clusters.refreshHelmReleases(choice.context, choice.namespace);
    if (!done.ok) return void (await reportError(deps, done.error, `Uninstall ${choice.release}`)), { ...base, done: false };
    deps.log.info(`helm: uninstalled ${choice.release} from ${choice.context}/${choice.namespace}`);
    void deps.prompts.message('info', `Berth: uninstalled release "${choice.release}" from namespace ${choice.namespace}.`);
    return { ...base, done: true };
  };
}
