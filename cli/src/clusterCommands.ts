/**
 * The commands that talk to clusters. They are bundled apart from the entry (dist/cli-cluster.js,
 * see scripts/build.mjs) and loaded only when one of them runs, so `validate` and `render` never
 * load @kubernetes/client-node. A new cluster command is one row here (and a line in main.ts's
 * summary); importing its module from main.ts instead would pull the cluster library into every run.
 */
import { BACKUP_USAGE, runBackup } from './commands/backup';
import { CLUSTER_USAGE, runCluster } from './commands/cluster';
import { DELETE_USAGE, runDelete } from './commands/delete';
import { DEPLOY_USAGE, runDeploy } from './commands/deploy';
import { DESCRIBE_USAGE, EVENTS_USAGE, runDescribe, runEvents } from './commands/describe';
import { LOGS_USAGE, runLogs } from './commands/logs';
import { EXEC_USAGE, runExec } from './commands/exec';
import { RELEASES_USAGE, ROLLBACK_USAGE, runReleases, runRollback } from './commands/helmReleases';
import { PORT_FORWARD_USAGE, runPortForward } from './commands/portForward';
import { CAN_I_USAGE, runCanI } from './commands/canI';
import { PERMISSIONS_USAGE, runPermissions } from './commands/permissions';
import { NODEPOOL_USAGE, runNodepool } from './commands/nodepool';
import { PROMOTE_USAGE, runPromote, runSwitch, SWITCH_USAGE } from './commands/release';
import { RESTORE_USAGE, runRestore } from './commands/restore';
import { ROLLOUT_USAGE, runRollout } from './commands/rollout';
import { runScale, SCALE_USAGE } from './commands/scale';
import { runTop, TOP_USAGE } from './commands/top';
import type { CommandIo } from './commands/validate';
import { exitCodeOf } from './exitCode';

export interface ClusterCommand {
  readonly usage: string;
  readonly run: (argv: readonly string[], io: CommandIo) => Promise<number>;
}

/** In the order `berth --help` prints their usage. */
const COMMANDS: Readonly<Record<string, ClusterCommand>> = {
  deploy: { usage: DEPLOY_USAGE, run: runDeploy },
  releases: { usage: RELEASES_USAGE, run: runReleases },
  rollback: { usage: ROLLBACK_USAGE, run: runRollback },
  cluster: { usage: CLUSTER_USAGE, run: runCluster },
  nodepool: { usage: NODEPOOL_USAGE, run: runNodepool },
  scale: { usage: SCALE_USAGE, run: runScale },
  rollout: { usage: ROLLOUT_USAGE, run: runRollout },
  logs: { usage: LOGS_USAGE, run: runLogs },
  exec: { usage: EXEC_USAGE, run: (argv, io) => runExec(argv, io) },
  'port-forward': { usage: PORT_FORWARD_USAGE, run: runPortForward },
  'can-i': { usage: CAN_I_USAGE, run: runCanI },
  permissions: { usage: PERMISSIONS_USAGE, run: runPermissions },
  delete: { usage: DELETE_USAGE, run: runDelete },
  describe: { usage: DESCRIBE_USAGE, run: runDescribe },
  events: { usage: EVENTS_USAGE, run: runEvents },
  top: { usage: TOP_USAGE, run: runTop },
  promote: { usage: PROMOTE_USAGE, run: runPromote },
  switch: { usage: SWITCH_USAGE, run: runSwitch },
  backup: { usage: BACKUP_USAGE, run: runBackup },
  restore: { usage: RESTORE_USAGE, run: runRestore },
};

/** Runs the named cluster command to its exit code; undefined when there is no such command. */
export function runClusterCommand(name: string, argv: readonly string[], io: CommandIo): Promise<number> | undefined {
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  return command && exitCodeOf(() => command.run(argv, io), io);
}

/** `berth validate --cluster-crds` reads a cluster's CRDs from this bundle too. */
export { clusterCrdsForValidate } from './clusterCrds';

/** `berth upgrade-check` checks a live cluster from this bundle too. */
export { checkClusterUpgrade } from './clusterUpgradeCheck';

/** Every cluster command's usage, for `berth --help`. */
export function clusterUsages(): string[] {
  return Object.values(COMMANDS).map((command) => command.usage);
}
