import { spawn, type ChildProcess } from 'node:child_process';
import { CancellationTokenSource, StreamMessageReader, StreamMessageWriter, createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { vmHWM } from './shared';

export class TimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what}: no answer within ${ms} ms`);
  }
}

/** Every child process the bench started, so they can all be killed on exit or error. */
export const children = new Set<ChildProcess>();

export function killAllChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
  children.clear();
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string, onTimeout?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new TimeoutError(what, ms));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface Waiter {
  uri: string;
  predicate: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
}

/** A minimal LSP client over stdio for one language server process, with a timeout on every wait. */
export class LspServer {
  readonly connection: MessageConnection;
  readonly process: ChildProcess;
  readonly logs: { at: number; message: string }[] = [];
  readonly stderr: string[] = [];
  private waiters: Waiter[] = [];
  private logWaiters: { predicate: (m: string) => boolean; resolve: (m: string) => void }[] = [];
  readonly published = new Map<string, number>();

  constructor(
    readonly name: string,
    args: string[],
    private readonly configuration: (section: string | undefined) => unknown,
    private readonly timeoutMs: number,
  ) {
    this.process = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(this.process);
    this.process.on('exit', () => children.delete(this.process));
    this.process.stderr!.on('data', (chunk: Buffer) => {
      if (this.stderr.length < 200) this.stderr.push(chunk.toString());
    });
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.set(params.uri, (this.published.get(params.uri) ?? 0) + 1);
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri && waiter.predicate(params)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      if (this.logs.length < 1000) this.logs.push({ at: performance.now(), message: params.message });
      for (const waiter of [...this.logWaiters]) {
        if (waiter.predicate(params.message)) {
          this.logWaiters.splice(this.logWaiters.indexOf(waiter), 1);
          waiter.resolve(params.message);
        }
      }
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => this.configuration(item.section) ?? null),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('client/unregisterCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('workspace/workspaceFolders', () => null);
    this.connection.onNotification(() => undefined);
    this.connection.onError(() => undefined);
    this.connection.listen();
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  vmHWMKiB(): number | undefined {
    return vmHWM(this.process.pid);
  }

  async request<R>(method: string, params: unknown, timeoutMs = this.timeoutMs): Promise<R> {
    const source = new CancellationTokenSource();
    try {
      return await withTimeout(this.connection.sendRequest<R>(method, params, source.token), timeoutMs, `${this.name} ${method}`, () => source.cancel());
    } finally {
      source.dispose();
    }
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** The next diagnostics published for `uri` that satisfy `predicate`. Register before sending what triggers them. */
  diagnostics(uri: string, predicate: (p: PublishDiagnosticsParams) => boolean, timeoutMs = this.timeoutMs): Promise<PublishDiagnosticsParams> {
    let waiter: Waiter | undefined;
    const promise = new Promise<PublishDiagnosticsParams>((resolve) => {
      waiter = { uri, predicate, resolve };
      this.waiters.push(waiter);
    });
    return withTimeout(promise, timeoutMs, `${this.name} diagnostics for ${uri}`, () => {
      this.waiters = this.waiters.filter((w) => w !== waiter);
    });
  }

  log(predicate: (message: string) => boolean, timeoutMs = this.timeoutMs): Promise<string> {
    const found = this.logs.find((l) => predicate(l.message));
    if (found) return Promise.resolve(found.message);
    const promise = new Promise<string>((resolve) => this.logWaiters.push({ predicate, resolve }));
    return withTimeout(promise, timeoutMs, `${this.name} log message`);
  }

  async stop(): Promise<void> {
    try {
      await withTimeout(this.connection.sendRequest('shutdown'), 2000, 'shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // Busy or gone: killed below.
    }
    this.connection.dispose();
    const exited = new Promise<void>((resolve) => {
      if (this.process.exitCode !== null || this.process.signalCode !== null) resolve();
      else this.process.once('exit', () => resolve());
    });
    await withTimeout(exited, 1000, 'exit').catch(() => this.process.kill('SIGKILL'));
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
    children.delete(this.process);
  }
}
