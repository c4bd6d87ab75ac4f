import * as vscode from 'vscode';
import { LanguageClient, RevealOutputChannelOn, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { Ctx } from './ctx';
import { workspaceTrustNotification } from '../../protocol/protocol';

/** Starts the Berth language server (dist/server.js) over IPC for every YAML document. */
export async function startLanguageClient(ctx: Ctx): Promise<LanguageClient> {
  const module = vscode.Uri.joinPath(ctx.extensionContext.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: { configurationSection: 'berth' },
    // Charts and overlays are rendered (helm and kustomize run) only in a trusted workspace.
    initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted },
    outputChannel: ctx.log,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };
  const client = new LanguageClient('berth', 'Berth Language Server', serverOptions, clientOptions);
  ctx.own({ dispose: () => void client.stop() });
  await client.start();
  ctx.own(vscode.workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification(workspaceTrustNotification, { trusted: true })));
  return client;
}
