/**
 * Cluster operations for the extension's commands and views and for the CLI; free of `vscode`.
 * Every operation returns a Result with a typed KubeError (never throws across this boundary)
 * and takes an AbortSignal. @kubernetes/client-node is loaded on the first connect.
 */
import type { Result } from '../platform/result';
import { connect, type KubeClient } from './client';
import type { KubeError } from './errors';
import { loadKubeconfig, selectTarget, type KubeconfigLoadOptions, type KubeTarget } from './kubeconfig';

export * from './errors';
export * from './kubeconfig';
export { connect, DEFAULT_TIMEOUT_MS, type ChannelSocket, type KubeClient, type RequestOptions, type Response, type StreamOptions, type UpgradeOptions, type WatchEvent, type WatchOptions } from './client';
export * from './registry';
export * from './objects';
export * from './masking';
export * from './deploy/apply';
export * from './deploy/diff';
export * from './deploy/findings';
export * from './deploy/plan';
export * from './deploy/clusterTargets';
export * from './deploy/unifiedDiff';
export * from './deleteObject';
export * from './wait';
export * from './workloads';
export * from './logStream';
export * from './followLogs';
export * from './workloadPods';
export * from './editableObject';
export * from './kwokBinaries';
export * from './labelSelector';
export * from './nodePools';
export * from './autoscale';
export * from './provision';
export * from './tools';
export * from './toolNames';
export * from './programs';
export * from './rollout';
export * from './rolloutRevision';
export * from './controllerRevisions';
export * from './releases';
export * from './usage';
export * from './describe';
export * from './watchCache';
export * from './pagedList';
export * from './exec';
export * from './portForward';
export * from './access';
export * from './upgrade';
export * from './backup';
export * from './helm';

export interface OpenOptions extends KubeconfigLoadOptions {
  /** Default: the current context. */
  readonly context?: string;
  /** Default: the context's namespace, else "default". */
  readonly namespace?: string;
}

/** Reads the kubeconfig as kubectl does and picks the context and namespace, without connecting. */
export function clusterTarget(options: OpenOptions = {}): Result<KubeTarget, KubeError> {
  const kubeconfig = loadKubeconfig(options);
  if (!kubeconfig.ok) return kubeconfig;
  return selectTarget(kubeconfig.value, {
    ...(options.context !== undefined ? { context: options.context } : {}),
    ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
  });
}

/** Reads the kubeconfig as kubectl does, picks the context and namespace, and connects. */
export async function openCluster(options: OpenOptions = {}): Promise<Result<KubeClient, KubeError>> {
  const target = clusterTarget(options);
  if (!target.ok) return target;
  return connect(target.value);
}
