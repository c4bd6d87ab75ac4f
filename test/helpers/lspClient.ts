import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams, Registration, RegistrationParams } from 'vscode-languageserver-protocol';
import { repoRoot } from './repo';

/** A real LSP client speaking to `node dist/server.js --stdio`, as an editor does. */
export class LspClient {
  readonly connection: MessageConnection;
  private readonly process: ChildProcess;
  private readonly waiters: { uri: string; predicate: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  readonly stderr: string[] = [];
  readonly logs: string[] = [];
  /** What the server registered dynamically (client/registerCapability), in order. */
  readonly registrations: Registration[] = [];
  exited: Promise<number | null>;

  constructor(private readonly configuration: Record<string, unknown> = {}) {
    this.process = spawn(process.execPath, [join(repoRoot(), 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.process.on('exit', (code) => resolve(code)));
    this.process.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri && waiter.predicate(params)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section === 'berth' ? this.configuration : item.section === 'files' ? { exclude: { '**/excluded': true } } : null)),
    );
    this.connection.onRequest('client/registerCapability', (params: RegistrationParams) => {
      this.registrations.push(...params.registrations);
      return null;
    });
    this.connection.listen();
  }

  async initialize(workspaceFolders: { uri: string; name: string }[] | null = null, initializationOptions?: unknown): Promise<unknown> {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      ...(initializationOptions !== undefined ? { initializationOptions } : {}),
      rootUri: null,
      workspaceFolders,
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: { relatedInformation: true } } },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Resolves with the next diagnostics published for `uri` that satisfy `predicate`. */
  diagnostics(uri: string, predicate: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ uri, predicate, resolve }));
  }

  async open(uri: string, text: string, version = 1): Promise<Diagnostic[]> {
    const published = this.diagnostics(uri, (p) => p.version === undefined || p.version === version);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    return (await published).diagnostics;
  }

  /** Replaces an open document's text, as an editor sends a keystroke. */
  async change(uri: string, text: string, version: number): Promise<void> {
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async shutdown(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // Already gone.
    }
    this.connection.dispose();
    this.process.kill();
  }
}
