import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Ctx } from '../ctx';
import { ReadOnlyDocuments } from '../documents/readOnlyDocuments';
import type { Prompts } from '../prompts/prompts';
import { SwitchablePrompts } from '../prompts/switchable';
import { VscodePrompts } from '../prompts/vscodePrompts';
import type { ClusterExplorer } from '../views/clusters/explorer';
import type { ClusterSource } from '../views/clusters/source';
import { showTopologyCommand } from '../views/topology/panel';
import { showUsageCommand } from '../views/usage/panel';
import { createClusterCommand, deleteClusterCommand } from './cluster';
import { registerKubeconfigCommand, useContextCommand, useNamespaceCommand } from './context';
import { deleteCommand } from './delete';
import { deployCommand } from './deploy/deployCommand';
import { copyNameCommand, describeCommand, openInEditorCommand, showEventsCommand } from './inspect';
import { showLogsCommand, stopLogsCommand } from './logs';
import { LogStreams } from './logStreams';
import { scaleNodePoolCommand } from './nodePool';
import { promoteCanaryCommand, switchBlueGreenCommand } from './releases';
import { renderCommand } from './render';
import { rolloutRestartCommand, rolloutStatusCommand, rolloutUndoCommand } from './rollout';
import { scaleCommand } from './scale';
import { openShellCommand } from './shell';
import { ShellTerminals } from './shellTerminal';
import { portForwardCommand, stopPortForwardCommand } from './portForward';
import { showPermissionsCommand } from './permissions';
import { checkUpgradeCommand } from './upgradeCheck';
import { backupCommand } from './backup';
import { restoreCommand } from './restore';
import { installFromCatalogCommand } from './appCatalog/installFromCatalog';
import { trackChartFolders } from './helm/chartFolders';
import { deployChartCommand } from './helm/deployChart';
import { helmRollbackCommand, helmUninstallCommand } from './helm/helmReleaseCommands';
import { PortForwards } from '../views/portForwards';
import type { CommandDeps, CommandFactory } from './deps';
import { KubeSession } from './session';

export type { CommandDeps, CommandFactory } from './deps';

/** Every command of package.json `contributes.commands`, by id. */
const commands: Record<string, CommandFactory> = {
  'berth.render': renderCommand,
  'berth.clusters.refresh': ({ clusters }) => () => clusters.refresh(),
  'berth.createCluster': createClusterCommand,
  'berth.deleteCluster': deleteClusterCommand,
  'berth.registerKubeconfig': registerKubeconfigCommand,
  'berth.useContext': useContextCommand,
  'berth.useNamespace': useNamespaceCommand,
  'berth.deploy': deployCommand('file'),
  'berth.deploySelection': deployCommand('selection'),
  'berth.deployFolder': deployCommand('folder'),
  'berth.scale': scaleCommand,
  'berth.scaleNodePool': scaleNodePoolCommand,
  'berth.rolloutRestart': rolloutRestartCommand,
  'berth.rolloutUndo': rolloutUndoCommand,
  'berth.rolloutStatus': rolloutStatusCommand,
  'berth.promoteCanary': promoteCanaryCommand,
  'berth.switchBlueGreen': switchBlueGreenCommand,
  'berth.describe': describeCommand,
  'berth.showEvents': showEventsCommand,
  'berth.showLogs': showLogsCommand,
  'berth.stopLogs': stopLogsCommand,
  'berth.delete': deleteCommand,
  'berth.copyName': copyNameCommand,
  'berth.openInEditor': openInEditorCommand,
  'berth.showTopology': showTopologyCommand,
  'berth.showUsage': showUsageCommand,
  'berth.openShell': openShellCommand,
  'berth.portForward': portForwardCommand,
  'berth.stopPortForward': stopPortForwardCommand,
  'berth.showPermissions': showPermissionsCommand,
  'berth.checkUpgrade': checkUpgradeCommand,
  'berth.backup': backupCommand,
  'berth.restore': restoreCommand,
  'berth.installFromCatalog': installFromCatalogCommand,
  'berth.deployChart': deployChartCommand,
  'berth.helmRollback': helmRollbackCommand,
  'berth.helmUninstall': helmUninstallCommand,
};

export interface CommandHost {
  readonly ctx: Ctx;
  readonly client: () => LanguageClient | undefined;
  readonly clusters: ClusterExplorer;
  readonly source: ClusterSource;
}

/** What the extension exports for its own tests: a way to answer prompts without clicking. */
export interface BerthTestingApi {
  usePrompts(prompts: Prompts | undefined): void;
  /** Fires with each chunk of text a log stream appends to its output channel. */
  readonly onDidAppendLog: vscode.Event<{ readonly channel: string; readonly text: string }>;
  /** Fires with each piece of text a shell terminal shows. */
  readonly onDidWriteShell: vscode.Event<{ readonly terminal: string; readonly text: string }>;
  readonly session: KubeSession;
  /** The file VS Code writes the Berth log channel to (for the test that scans it for credentials). */
  readonly logFile: vscode.Uri;
}

export function registerCommands(host: CommandHost): BerthTestingApi {
  const { ctx } = host;
  const prompts = new SwitchablePrompts(new VscodePrompts());
  const session = ctx.own(new KubeSession(host.source));
  const documents = ctx.own(new ReadOnlyDocuments());
  const logs = ctx.own(new LogStreams());
  const shells = ctx.own(new ShellTerminals());
  const forwards = ctx.own(new PortForwards());
  const deps: CommandDeps = { ctx, log: ctx.log, client: host.client, clusters: host.clusters, session, prompts, documents, logs, shells, forwards };
  for (const [id, factory] of Object.entries(commands)) deps.ctx.own(vscode.commands.registerCommand(id, factory(deps)));
  ctx.own(trackChartFolders());
  return { usePrompts: (p) => prompts.use(p), onDidAppendLog: logs.onDidAppend, onDidWriteShell: shells.onDidWrite, session, logFile: vscode.Uri.joinPath(ctx.extensionContext.logUri, `${ctx.log.name}.log`) };
}

/** The ids, for the package.json consistency test. */
export const COMMAND_IDS: readonly string[] = Object.keys(commands);
