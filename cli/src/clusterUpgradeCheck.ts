/**
 * `berth upgrade-check`'s live half: a context's cluster checked through the cluster library.
 * It lives in the cluster commands' bundle (clusterCommands.ts), which the entry loads only when
 * a cluster is to be checked, so a check of files alone loads no cluster code; it answers with a
 * Result because an error class thrown from that bundle is not the entry's.
 */
import { clusterUpgradeCheck } from '../../kube/upgrade/clusterCheck';
import { formatKubeError } from '../../kube/errors';
import { openCluster } from '../../kube';
import { err, ok, type Result } from '../../platform/result';
import type { ApiLifecycleTable } from '../../platform/upgrade/apiLifecycle';
import { interruptSignal } from './clusterArgs';
import type { ClusterUpgradeCheck } from './commands/upgradeCheck';

export async function checkClusterUpgrade(context: string | undefined, table: ApiLifecycleTable, target: string): Promise<Result<ClusterUpgradeCheck, string>> {
  const client = await openCluster(context === undefined ? {} : { context });
  if (!client.ok) return err(formatKubeError(client.error));
  const interrupt = interruptSignal();
  try {
    const checked = await clusterUpgradeCheck(client.value, table, target, interrupt.signal);
    return checked.ok ? ok(checked.value) : err(`cluster ${client.value.context}: ${formatKubeError(checked.error)}`);
  } finally {
    interrupt.dispose();
  }
}
