import { messageNode } from '../views/clusters/messageNode';
import type { MessageNode } from '../views/clusters/node';
import { progressDetail, progressLine, type LocalClusterProgress } from './progress';

/** The Clusters view's row for the local cluster while it is not ready: above the contexts. */
export function localClusterRows(progress: LocalClusterProgress | undefined, now: number): MessageNode[] {
  if (!progress || progress.state === 'ready') return [];
  const failed = progress.state === 'failed';
  return [{ ...messageNode('localCluster/progress', progressLine(progress, now), failed ? 'error' : 'info', progressDetail(progress, now)), ...(failed ? {} : { icon: 'sync~spin' }) }];
}
