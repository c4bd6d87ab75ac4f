/**
 * The helm binary and the kubeconfig for it, from the same flags and files the other cluster
 * commands read: helm gets the context they resolve and the kubeconfig files they merged.
 */
import { delimiter } from 'node:path';
import { findLocalTool, missingToolMessage } from '../../installation/tools/localTools';
import { clusterTarget, formatKubeError, type HelmTarget } from '../../kube';
import type { CommandIo } from './commands/validate';

export interface ResolvedHelmTarget {
  readonly target: HelmTarget;
  /** The namespace the other commands default to: the context's, else "default". */
  readonly namespace: string;
}

/** The target, or undefined after printing why there is none. */
export function resolveHelmTarget(flags: { context?: string | undefined; namespace?: string | undefined }, io: CommandIo): ResolvedHelmTarget | undefined {
  const helm = findLocalTool('helm');
  if (!helm) {
    io.stderr(`berth: ${missingToolMessage('helm')}\n`);
    return undefined;
  }
  const target = clusterTarget({ ...(flags.context ? { context: flags.context } : {}), ...(flags.namespace ? { namespace: flags.namespace } : {}) });
  if (!target.ok) {
    io.stderr(`berth: ${formatKubeError(target.error)}\n`);
    return undefined;
  }
  return {
    target: { helm, context: target.value.context.name, kubeconfig: target.value.kubeconfig.files.join(delimiter) },
    namespace: target.value.namespace,
  };
}
