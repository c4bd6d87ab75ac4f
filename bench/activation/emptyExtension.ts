// The activation bench's baseline: an extension that does nothing but start Berth's language
// server as client/src/languageClient.ts does (IPC, the same document selector, configuration
// section and initializationOptions). bench/activation/extensions.mjs bundles it with the path of
// dist/server.js defined as BENCH_SERVER_MODULE.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';

declare const BENCH_SERVER_MODULE: string;

let client: LanguageClient | undefined;

export async function activate(): Promise<void> {
  const module = BENCH_SERVER_MODULE;
  client = new LanguageClient(
    'berth',
    'Berth Language Server',
    { run: { module, transport: TransportKind.ipc }, debug: { module, transport: TransportKind.ipc } },
    {
      documentSelector: [
        { scheme: 'file', language: 'yaml' },
        { scheme: 'untitled', language: 'yaml' },
      ],
      synchronize: { configurationSection: 'berth' },
      initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted },
    },
  );
  await client.start();
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
