import type * as vscode from 'vscode';
import { kubeError, type KubeError } from '../../../kube';
import type { Ctx } from '../ctx';
import type { ClusterNode } from '../views/clusters/node';
import { localClusterRows } from './clustersRow';
import { inProgress, stillBuildingMessage, type LocalClusterProgress } from './progress';
import { LocalClusterProgressWatcher } from './progressWatcher';
import { LocalClusterStatusItem } from './statusItem';

/** What the rest of the extension sees of a local cluster that `npm start` brings up. */
export interface LocalCluster {
  /** The Clusters view's rows about it, and when they change. */
  readonly rows: () => ClusterNode[];
  readonly onDidChange: vscode.Event<unknown>;
  /** Why a command must not connect to `context` (undefined: the selected one) now, if it must not. */
  readonly refusal: (context: string | undefined) => KubeError | undefined;
  /** The status bar text shown, for tests. */
  readonly statusText: () => string | undefined;
}

/**
 * Follows the progress file named by BERTH_LOCAL_CLUSTER_PROGRESS (set by `npm start`): the status
 * bar and the Clusters view say how far the build is; commands for its context say it is still
 * building; when it turns ready, `reload` re-reads the kubeconfig it has just written. Without the
 * variable, nothing is watched.
 */
export function registerLocalCluster(ctx: Ctx, file: string | undefined, reload: () => void): LocalCluster | undefined {
  if (!file) return undefined;
  const watcher = ctx.own(new LocalClusterProgressWatcher(file, ctx.log));
  const item = ctx.own(new LocalClusterStatusItem());
  // A cluster found ready at the first read had its kubeconfig before the views read it.
  let shown: LocalClusterProgress['state'] | 'none' | 'unread' = 'unread';
  ctx.own(
    watcher.onDidChange((progress) => {
      item.update(progress, Date.now());
      const state = progress?.state ?? 'none';
      if (state === 'ready' && shown !== 'ready' && shown !== 'unread') {
        ctx.log.info('the local cluster is ready: reading the kubeconfig again');
        reload();
      }
      shown = state;
    }),
  );
  return {
    rows: () => localClusterRows(watcher.progress, Date.now()),
    onDidChange: watcher.onDidChange,
    refusal: (context) => {
      const progress = watcher.progress;
      if (!inProgress(progress) || (context !== undefined && context !== progress.context)) return undefined;
      return kubeError('unreachable', stillBuildingMessage(progress, Date.now()), { ...(progress.context ? { operation: { verb: 'connect', context: progress.context } } : {}) });
    },
    statusText: () => item.text,
  };
}
