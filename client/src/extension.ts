import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Ctx } from './ctx';
import { syncKnownContexts } from './knownContexts';
import { syncClusterCrds } from './crds/clusterCrdsGlue';
import { syncNamespaceLabels } from './namespaceLabels/namespaceLabelsGlue';
import { startLanguageClient } from './languageClient';
import { registerCommands, type BerthTestingApi } from './commands';
import { ContextStatusBar } from './statusBar';
import { followWorkspaceTrust } from './trust';
import { KubeconfigSource, registerClustersView, type ClustersView } from './views/clusters';
import { BerthLanguageStatus } from './languageStatus';
import { PlatformDocumentsSource } from './views/platformDocuments';
import { registerPlatformView, type PlatformView } from './views/platform';
import { registerLocalCluster, type LocalCluster } from './localCluster';
import { registerHostStats } from './testing/hostStatsCommand';

/** The extension's exports: only what its own extension-host tests use. */
export interface BerthApi {
  readonly testing: BerthTestingApi;
  /** The Clusters and Platform views' providers, for the explorer suite. */
  readonly views: { readonly clusters: ClustersView; readonly platform: PlatformView };
  /** The local cluster `npm start` brings up, when BERTH_LOCAL_CLUSTER_PROGRESS names its progress. */
  readonly localCluster?: LocalCluster;
}

export async function activate(context: vscode.ExtensionContext): Promise<BerthApi> {
  const log = vscode.window.createOutputChannel('Berth', { log: true });
  context.subscriptions.push(log);
  const ctx = new Ctx(context, log);
  // Before anything can connect or run a tool: a restricted workspace runs no programs.
  ctx.own(followWorkspaceTrust());

  // Views and commands first: they work without the language server.
  const kubeconfig = ctx.own(new KubeconfigSource(log, ctx.config));
  const platformDocuments = ctx.own(new PlatformDocumentsSource(log));
  const languageStatus = ctx.own(new BerthLanguageStatus(log, platformDocuments));
  const localCluster = registerLocalCluster(ctx, process.env['BERTH_LOCAL_CLUSTER_PROGRESS'], () => kubeconfig.reload());
  const views = { clusters: registerClustersView(ctx, kubeconfig, platformDocuments, localCluster), platform: registerPlatformView(ctx, kubeconfig, platformDocuments) };
  const clusters = views.clusters.explorer;

  let client: LanguageClient | undefined;
  const commands = registerCommands({ ctx, client: () => client, clusters, source: kubeconfig });
  ctx.own(registerHostStats());
  ctx.own(new ContextStatusBar(commands.session));
  if (localCluster) ctx.own(commands.session.holdConnections(localCluster.refusal));
  ctx.own(clusters.followSelection(() => commands.session.selection().context, commands.session.onDidChange));
  try {
    client = await startLanguageClient(ctx);
    languageStatus.attach(client);
    platformDocuments.attach(client);
    ctx.own(syncKnownContexts(client, kubeconfig));
    ctx.own(syncClusterCrds(client, commands.session, ctx.config, log));
    ctx.own(syncNamespaceLabels(client, commands.session, log));
  } catch (error) {
    log.error(`The Berth language server did not start: ${String(error)}`);
    languageStatus.failed();
    void vscode.window.showErrorMessage('Berth: the language server did not start.', 'Open log').then((choice) => {
      if (choice === 'Open log') log.show();
    });
  }
  return { testing: commands, views, ...(localCluster ? { localCluster } : {}) };
}

export function deactivate(): void {
  // The Ctx registered in context.subscriptions disposes everything.
}
