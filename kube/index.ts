/**
 * Cluster operations for the extension's commands and views and for the CLI; free of `vscode`.
 * Every operation returns a Result with a typed KubeError (never throws across this boundary)
 * and takes an AbortSignal. @kubernetes/client-node is loaded on the first connect.
 */
import type { Result } from '../platform/result';
import { connect, type KubeClient } from './client';
import type { KubeError } from './errors';
import { loadKubeconfig, selectTarget, type KubeconfigLoadOptions } from './kubeconfig';

export * from './errors';
export * from './kubeconfig';
export { connect, DEFAULT_TIMEOUT_MS, type KubeClient, type RequestOptions, type Response, type WatchEvent } from './client';
export * from './resources';
export * from './apply';
export * from './deployDiff';
export * from './deployFindings';
export * from './lineDiff';
export * from './deleteObject';
export * from './wait';
export * from './workloads';
export * from './logStream';
export * from './followLogs';
export * from './editableObject';
export * from './kwokBinaries';
export * from './labelSelector';
export * from './nodePools';
export * from './autoscale';
export * from './provision';
export * from './tools';
export * from './programs';
export * from './rollout';
export * from './controllerRevisions';
export * from './releases';
export * from './describe';
export * from './secrets';
export * from './watchCache';

export interface OpenOptions extends KubeconfigLoadOptions {
  /** Default: the current context. */
  readonly context?: string;
  /** Default: the context's namespace, else "default". */
  readonly namespace?: string;
}

/** Reads the kubeconfig as kubectl does, picks the context and namespace, and connects. */
export async function openCluster(options: OpenOptions = {}): Promise<Result<KubeClient, KubeError>> {
  const kubeconfig = loadKubeconfig(options);
  if (!kubeconfig.ok) return kubeconfig;
  const target = selectTarget(kubeconfig.value, {
    ...(options.context !== undefined ? { context: options.context } : {}),
    ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
  });
  if (!target.ok) return target;
  return connect(target.value);
}
