/** The five release operations: build the checked command line, run helm, read its answer. */
import { err, ok, type Result } from '../../platform/result';
import type { KubeError, KubeOperation } from '../errors';
import { historyArgs, installArgs, listArgs, rollbackArgs, uninstallArgs } from './args';
import { helmFailure } from './failure';
import { parseHistory, parseInstall, parseList } from './parse';
import { spawnHelm, type HelmInvocation, type HelmOutput } from './runHelm';
import type { HelmInstallRequest, HelmInstallResult, HelmReleaseSummary, HelmRevision, HelmTarget } from './types';

async function run(target: HelmTarget, invocation: Result<HelmInvocation, KubeError>, what: string, operation: KubeOperation, signal?: AbortSignal): Promise<Result<HelmOutput, KubeError>> {
  if (!invocation.ok) return invocation;
  try {
    const output = await (target.runner ?? spawnHelm)(invocation.value, signal);
    if (!output.ok) return output;
    if (output.value.exitCode !== 0) return err(helmFailure(output.value, what, operation));
    return output;
  } catch (cause) {
    // A runner is injected code: its throw still leaves this module as a value.
    return err({ kind: 'tool', message: `helm failed to ${what}: ${(cause as Error)?.message ?? String(cause)}`, operation });
  }
}

function op(target: HelmTarget, verb: string, namespace?: string, name?: string): KubeOperation {
  return { verb, resource: 'helm releases', context: target.context, ...(namespace !== undefined ? { namespace } : {}), ...(name !== undefined ? { name } : {}) };
}

export async function helmInstallOrUpgrade(target: HelmTarget, request: HelmInstallRequest, signal?: AbortSignal): Promise<Result<HelmInstallResult, KubeError>> {
  const what = `${request.dryRun ? 'dry-run ' : ''}install or upgrade release "${request.release}" in namespace "${request.namespace}"`;
  const output = await run(target, installArgs(target, request), what, op(target, 'install', request.namespace, request.release), signal);
  if (!output.ok) return output;
  return parseInstall(output.value.stdout);
}

export async function helmListReleases(target: HelmTarget, namespace?: string, signal?: AbortSignal): Promise<Result<HelmReleaseSummary[], KubeError>> {
  const output = await run(target, listArgs(target, namespace), `list releases${namespace !== undefined ? ` in namespace "${namespace}"` : ''}`, op(target, 'list', namespace), signal);
  if (!output.ok) return output;
  return parseList(output.value.stdout);
}

export async function helmHistory(target: HelmTarget, namespace: string, release: string, signal?: AbortSignal): Promise<Result<HelmRevision[], KubeError>> {
  const output = await run(target, historyArgs(target, namespace, release), `read the history of release "${release}" in namespace "${namespace}"`, op(target, 'history', namespace, release), signal);
  if (!output.ok) return output;
  return parseHistory(output.value.stdout);
}

export async function helmRollback(target: HelmTarget, namespace: string, release: string, revision: number, signal?: AbortSignal): Promise<Result<void, KubeError>> {
  const output = await run(target, rollbackArgs(target, namespace, release, revision), `roll release "${release}" in namespace "${namespace}" back to revision ${revision}`, op(target, 'rollback', namespace, release), signal);
  return output.ok ? ok(undefined) : output;
}

export async function helmUninstall(target: HelmTarget, namespace: string, release: string, signal?: AbortSignal): Promise<Result<void, KubeError>> {
  const output = await run(target, uninstallArgs(target, namespace, release), `uninstall release "${release}" in namespace "${namespace}"`, op(target, 'uninstall', namespace, release), signal);
  return output.ok ? ok(undefined) : output;
}
