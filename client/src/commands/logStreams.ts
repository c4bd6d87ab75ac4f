import * as vscode from 'vscode';

interface Stream {
  readonly channel: vscode.OutputChannel;
  controller: AbortController;
}

/**
 * The output channels of followed logs, one per workload or pod, and the requests feeding them.
 * Showing the same logs again reuses the channel; Stop (or deactivation) ends the following.
 */
export class LogStreams implements vscode.Disposable {
  private readonly streams = new Map<string, Stream>();
  private readonly emitter = new vscode.EventEmitter<{ readonly channel: string; readonly text: string }>();
  /** Each chunk of text appended to a channel (the tests read logs through it). */
  readonly onDidAppend = this.emitter.event;

  /** Starts (or restarts) following under `name`; returns the signal that `stop` aborts, and an appender. */
  start(name: string): { signal: AbortSignal; append: (text: string) => void; channel: vscode.OutputChannel } {
    let stream = this.streams.get(name);
    stream?.controller.abort();
    if (!stream) {
      stream = { channel: vscode.window.createOutputChannel(name), controller: new AbortController() };
      this.streams.set(name, stream);
    } else {
      stream.controller = new AbortController();
    }
    const { channel } = stream;
    return {
      signal: stream.controller.signal,
      channel,
      append: (text) => {
        channel.append(text);
        this.emitter.fire({ channel: name, text });
      },
    };
  }

  /** The names of the channels still following. */
  following(): string[] {
    return [...this.streams].filter(([, s]) => !s.controller.signal.aborted).map(([name]) => name);
  }

  stop(name: string): boolean {
    const stream = this.streams.get(name);
    if (!stream || stream.controller.signal.aborted) return false;
    stream.controller.abort();
    stream.channel.appendLine('--- stopped following (Berth: Show Logs follows again) ---');
    return true;
  }

  dispose(): void {
    for (const stream of this.streams.values()) {
      stream.controller.abort();
      stream.channel.dispose();
    }
    this.streams.clear();
    this.emitter.dispose();
  }
}
