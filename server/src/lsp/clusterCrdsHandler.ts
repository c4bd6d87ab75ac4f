import type { Connection } from 'vscode-languageserver';
import { clusterCrdsNotification, type ClusterCrdsParams } from '../../../protocol/protocol';
import type { ClusterCrdSet } from '../../../platform/workspace/clusterCrds';
import type { BerthWorkspace } from '../../../platform/workspace/berthWorkspace';
import { runSafe, type Logger } from './runSafe';

/**
 * Takes the connected cluster's CRDs from the client into the workspace; when they change what
 * custom resources validate against, every file's diagnostics are published again.
 */
export function registerClusterCrds(connection: Connection, workspace: BerthWorkspace, republish: (uris: readonly string[]) => void, logger: Logger): void {
  connection.onNotification(clusterCrdsNotification, (params) => {
    runSafe(logger, 'Taking the cluster CRDs', undefined, undefined, () => {
      if (workspace.setClusterCrds(clusterCrdSet(params))) republish(workspace.uris());
    });
  });
}

/** The notification's CRD set, checked: anything malformed forgets the cluster's CRDs rather than half-applying them. */
export function clusterCrdSet(params: ClusterCrdsParams | null | undefined): ClusterCrdSet | undefined {
  const { cluster, cachedAt, crds } = (params ?? {}) as Partial<Record<keyof ClusterCrdsParams, unknown>>;
  if (typeof cluster !== 'string' || typeof cachedAt !== 'string' || !Array.isArray(crds) || crds.length === 0) return undefined;
  return { cluster, cachedAt, crds };
}
