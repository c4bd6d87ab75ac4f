import * as vscode from 'vscode';
import { runFirstCommand, SHELL_CANDIDATES, splitCommandLine, TerminalOutputFilter, type ExecEnd, type ExecSession, type KubeClient } from '../../../kube';

/** Text of Berth's own (names and messages from the cluster among it) for a terminal: no controls, CRLF lines. */
export function terminalLine(text: string): string {
  return text.replace(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/g, '?').replace(/\n/g, '\r\n');
}

/** What the terminal says when the command ends. */
export function endLine(end: ExecEnd): string {
  switch (end.kind) {
    case 'exited':
      return `[process exited with code ${end.code}]`;
    case 'closed':
      return '[the session was closed]';
    case 'failed':
      return `[the command could not run: ${end.message}]`;
  }
}

export interface ShellTarget {
  readonly client: KubeClient;
  readonly pod: string;
  readonly namespace: string;
  readonly container?: string;
}

export interface ShellHooks {
  /** Asks for a command when the container has none of the shells; undefined when dismissed. */
  askCommand(message: string): Promise<string | undefined>;
  /** Each piece of text the terminal shows (the tests read the terminal through it). */
  onWrite(text: string): void;
  log(message: string): void;
}

/**
 * A VS Code terminal attached to a container through exec: keys go to the command's stdin, the
 * terminal's size to its tty, and its output (filtered for the terminal) back. sh is tried, then
 * bash; a container with neither asks for a command. When the command ends, the terminal says
 * how and closes on the next key.
 */
export class ShellPseudoterminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private readonly controller = new AbortController();
  private session: ExecSession | undefined;
  private size: vscode.TerminalDimensions | undefined;
  private ended = false;

  constructor(
    private readonly target: ShellTarget,
    private readonly hooks: ShellHooks,
  ) {}

  open(initialDimensions: vscode.TerminalDimensions | undefined): void {
    this.size = initialDimensions;
    void this.run().catch((error: unknown) => {
      this.hooks.log(`shell ${this.target.pod}: ${String(error)}`);
      this.finish(`[Berth failed: ${String(error)}]`);
    });
  }

  handleInput(data: string): void {
    if (this.ended) return this.closeEmitter.fire();
    this.session?.write(data);
  }

  setDimensions(dimensions: vscode.TerminalDimensions): void {
    this.size = dimensions;
    this.session?.resize(dimensions.columns, dimensions.rows);
  }

  close(): void {
    this.controller.abort();
    this.session?.close();
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }

  private write(text: string): void {
    if (text === '' || this.controller.signal.aborted) return;
    this.writeEmitter.fire(text);
    this.hooks.onWrite(text);
  }

  private finish(line: string): void {
    this.session = undefined;
    this.ended = true;
    this.write(`\r\n${terminalLine(line)}\r\nPress any key to close the terminal.\r\n`);
  }

  private async run(): Promise<void> {
    const { client, pod, namespace, container } = this.target;
    let candidates = SHELL_CANDIDATES;
    for (;;) {
      const filter = new TerminalOutputFilter();
      const output = (data: Buffer) => this.write(filter.push(data));
      const ran = await runFirstCommand(
        client,
        { pod, namespace, ...(container ? { container } : {}), stdin: true, tty: true, ...(this.size ? { size: { cols: this.size.columns, rows: this.size.rows } } : {}), signal: this.controller.signal },
        candidates,
        { onStdout: output, onStderr: output },
        (session) => (this.session = session),
      );
      this.write(filter.end());
      if (this.controller.signal.aborted) return;
      if (!ran.ok) return this.finish(`[${ran.error.message}]`);
      if (ran.value.kind === 'ran') return this.finish(endLine(ran.value.end));
      const tried = ran.value.tried.map((c) => c.join(' ')).join(', ');
      const message = `The container has no shell (tried ${tried}): ${ran.value.message}`;
      this.write(`${terminalLine(message)}\r\n`);
      const typed = await this.hooks.askCommand(message);
      if (typed === undefined || this.controller.signal.aborted) return this.finish('[no command to run]');
      const words = splitCommandLine(typed);
      if (!words.ok) {
        this.write(`${terminalLine(`Cannot run that: ${words.error}.`)}\r\n`);
        continue;
      }
      this.write(`${terminalLine(`$ ${words.value.join(' ')}`)}\r\n`);
      candidates = [words.value];
    }
  }
}

/** The open shell terminals: disposed with the extension; their output observable for tests. */
export class ShellTerminals implements vscode.Disposable {
  private readonly terminals = new Set<vscode.Terminal>();
  private readonly emitter = new vscode.EventEmitter<{ readonly terminal: string; readonly text: string }>();
  /** Each piece of text a shell terminal shows. */
  readonly onDidWrite = this.emitter.event;
  private readonly closing: vscode.Disposable;

  constructor() {
    this.closing = vscode.window.onDidCloseTerminal((t) => this.terminals.delete(t));
  }

  open(name: string, target: ShellTarget, hooks: Omit<ShellHooks, 'onWrite'>): vscode.Terminal {
    const pty = new ShellPseudoterminal(target, { ...hooks, onWrite: (text) => this.emitter.fire({ terminal: name, text }) });
    const terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('terminal') });
    this.terminals.add(terminal);
    return terminal;
  }

  dispose(): void {
    this.closing.dispose();
    for (const terminal of this.terminals) terminal.dispose();
    this.terminals.clear();
    this.emitter.dispose();
  }
}
