/**
 * A command run in a container through the exec subresource (`kubectl exec`): one WebSocket from
 * the connection's `upgrade`, stdout and stderr handed over as bytes as they arrive, stdin and
 * terminal resizes sent on their channels, and the command's end read from the error channel.
 */
import { err, ok, type Result } from '../../platform/result';
import type { KubeClient } from '../client';
import { kubeError, type KubeError } from '../errors';
import { objectPath, staticResource } from '../registry';
import { canCloseStdin, channelFrame, CHANNEL, closeFrame, EXEC_PROTOCOLS, execEndFromStatus, readExecMessage, resizeFrame, type ExecEnd } from './channels';

export interface ExecRequest {
  readonly pod: string;
  /** Default: the client's namespace. */
  readonly namespace?: string;
  /** Default: the server's choice (the pod's only container, or its default-container annotation). */
  readonly container?: string;
  /** The program and its arguments (no shell is involved). */
  readonly command: readonly string[];
  /** Send stdin (`write`, `endInput`). */
  readonly stdin?: boolean;
  /** Run in a terminal: stdout and stderr become one stream, and `resize` works. */
  readonly tty?: boolean;
  /** A terminal's first size. */
  readonly size?: { readonly cols: number; readonly rows: number };
  readonly signal?: AbortSignal;
}

export interface ExecOutput {
  onStdout(data: Buffer): void;
  onStderr(data: Buffer): void;
}

/** A running command. */
export interface ExecSession {
  /** The channel protocol the server chose. */
  readonly protocol: string;
  /** Sends bytes to the command's stdin. */
  write(data: Uint8Array | string): void;
  /** Ends the command's stdin (v5; an older server only learns of it when the session closes). */
  endInput(): void;
  resize(cols: number, rows: number): void;
  /** Ends the session: the stream closes, and `ended` settles with `closed` unless the command ended first. */
  close(): void;
  /** How the command ended, or why the stream broke. */
  readonly ended: Promise<Result<ExecEnd, KubeError>>;
}

/** Starts the command; resolves once the stream is open, or with the server's refusal. */
export async function startExec(client: KubeClient, request: ExecRequest, output: ExecOutput): Promise<Result<ExecSession, KubeError>> {
  const namespace = request.namespace ?? client.namespace;
  if (request.command.length === 0 || request.command[0] === '') {
    return err(kubeError('invalid', `No command to run in pod "${request.pod}".`));
  }
  const tty = request.tty ?? false;
  const opened = await client.upgrade({
    path: objectPath(staticResource('Pod'), namespace, request.pod, 'exec'),
    query: {
      command: request.command,
      container: request.container,
      stdin: request.stdin ? true : undefined,
      stdout: true,
      // A terminal merges stderr into stdout; asking for both is refused.
      stderr: tty ? undefined : true,
      tty: tty ? true : undefined,
    },
    protocols: EXEC_PROTOCOLS,
    operation: { verb: 'create', resource: 'pods/exec', namespace, name: request.pod },
    ...(request.signal ? { signal: request.signal } : {}),
  });
  if (!opened.ok) return opened;
  const socket = opened.value;
  let status = '';
  let inputEnded = false;
  socket.onMessage((message) => {
    const read = readExecMessage(message);
    if ((read.kind === 'stdout' || read.kind === 'stderr') && read.data.length === 0) return;
    if (read.kind === 'stdout') output.onStdout(read.data);
    else if (read.kind === 'stderr') output.onStderr(read.data);
    else if (read.kind === 'error' && status.length < 64 * 1024) status += read.data.toString('utf8');
  });
  const session: ExecSession = {
    protocol: socket.protocol,
    write: (data) => {
      if (!inputEnded && request.stdin) socket.send(channelFrame(CHANNEL.stdin, data));
    },
    endInput: () => {
      if (inputEnded || !request.stdin) return;
      inputEnded = true;
      if (canCloseStdin(socket.protocol)) socket.send(closeFrame(CHANNEL.stdin));
    },
    resize: (cols, rows) => {
      if (tty) socket.send(resizeFrame(cols, rows));
    },
    close: () => socket.close(),
    ended: socket.closed.then((closed): Result<ExecEnd, KubeError> => {
      // The status is the server's last word; a stream closed without one ended by our close (or a cut).
      if (status.trim() !== '') return ok(execEndFromStatus(status));
      if (!closed.ok) return closed.error.kind === 'cancelled' ? ok({ kind: 'closed' }) : closed;
      return ok({ kind: 'closed' });
    }),
  };
  if (tty && request.size) session.resize(request.size.cols, request.size.rows);
  return ok(session);
}
