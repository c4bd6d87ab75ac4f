/** Which release a Helm command acts on: the clicked row, else one picked from the selected context. */
import { helmListReleases, type HelmTarget } from '../../../../kube';
import { helmTargetFor } from '../../views/clusters/helmSource';
import type { CommandDeps } from '../deps';
import { reportError, reportProblem, withCancellableProgress } from '../feedback';
import { helmReleaseOf, helmRevisionOf } from './helmNodeArgs';

export interface ReleaseChoice {
  readonly target: HelmTarget;
  readonly context: string;
  readonly namespace: string;
  readonly release: string;
  /** The release's current revision, when known. */
  readonly revision?: number;
}

export async function releaseFor(deps: CommandDeps, arg: unknown, title: string): Promise<ReleaseChoice | undefined> {
  const node = helmReleaseOf(arg);
  const revisionNode = helmRevisionOf(arg);
  const context = node?.context ?? revisionNode?.context ?? deps.session.selection().context;
  if (context === undefined) return void (await reportProblem(deps, 'No Kubernetes context is selected: run Berth: Use Context.'));
  const target = helmTargetFor(deps.session.kubeconfig(), context);
  if (!target.ok) return void (await reportError(deps, target.error, title));
  if (node) return { target: target.value, context, namespace: node.namespace, release: node.release.name, revision: node.release.revision };
  if (revisionNode) return { target: target.value, context, namespace: revisionNode.namespace, release: revisionNode.release };
  const listed = await withCancellableProgress(`Berth: listing Helm releases in ${context}`, (signal) => helmListReleases(target.value, undefined, signal));
  if (!listed.ok) return void (await reportError(deps, listed.error, title));
  if (listed.value.length === 0) return void (await deps.prompts.message('info', `Berth: there are no Helm releases in context "${context}".`));
  const picked = await deps.prompts.pick(
    listed.value.map((r) => ({ label: r.name, description: `${r.namespace} · rev ${r.revision} · ${r.chart} · ${r.status}`, value: r })),
    { title, placeHolder: `A Helm release in ${context}` },
  );
  return picked && { target: target.value, context, namespace: picked.namespace, release: picked.name, revision: picked.revision };
}
