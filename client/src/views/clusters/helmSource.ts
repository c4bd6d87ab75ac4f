/**
 * The helm binary and kubeconfig for a context, as the views and commands hand them to
 * kube/helm: the same merged kubeconfig files (KUBECONFIG or ~/.kube/config, then
 * berth.kubeconfigs) the extension's clients read, so helm sees the same contexts.
 */
import { delimiter } from 'node:path';
import { findLocalTool, missingToolMessage } from '../../../../installation/tools/localTools';
import { err, ok, type Result } from '../../../../platform/result';
import { kubeError, type HelmTarget, type KubeError, type Kubeconfig } from '../../../../kube';

export function helmTargetFor(kubeconfig: Result<Kubeconfig, KubeError>, context: string): Result<HelmTarget, KubeError> {
  if (!kubeconfig.ok) return kubeconfig;
  const helm = findLocalTool('helm');
  if (!helm) return err(kubeError('tool', missingToolMessage('helm')));
  return ok({ helm, context, ...(kubeconfig.value.files.length > 0 ? { kubeconfig: kubeconfig.value.files.join(delimiter) } : {}) });
}
